// Roles granted from Slack (`/feedback role @user pm`); configuration adds more on top.
import type { Db } from './audit.js';

export type GrantedRole = 'admin' | 'pm';

export async function grantedRole(db: Db, userId: string): Promise<GrantedRole | undefined> {
  const row = await db.userRole.findUnique({ where: { userId } });
  return row?.role === 'admin' || row?.role === 'pm' ? row.role : undefined;
}

export async function grantRole(db: Db, userId: string, role: GrantedRole, grantedBy: string): Promise<void> {
  await db.userRole.upsert({
    where: { userId },
    create: { userId, role, grantedBy },
    update: { role, grantedBy },
  });
}

export async function revokeRole(db: Db, userId: string): Promise<void> {
  await db.userRole.deleteMany({ where: { userId } });
}

export async function listGrantedRoles(db: Db): Promise<{ userId: string; role: string; grantedBy: string }[]> {
  return db.userRole.findMany({ orderBy: { userId: 'asc' }, select: { userId: true, role: true, grantedBy: true } });
}
