// Configuration for the Prisma CLI (Prisma 7 keeps the URL here, not in the schema).
// Frontline applies migrations itself (`frontline db migrate`); with internet,
// `npx prisma migrate status` and the rest of the normal flow work too.
import 'dotenv/config';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/frontline.db' },
});
