// Multi-row INSERT for the bulk paths. Prisma's createMany builds one query
// object per row and dominated import time; a plain parameterised statement
// per chunk is several times faster. Values must already be in the stored
// form: DateTime as epoch milliseconds (the adapter's 'unixepoch-ms'),
// Boolean as 0/1, JSON as a string.

export type SqlValue = string | number | bigint | null;

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** SQLite allows 32,766 bound variables per statement; stay well below it. */
const maxVariables = 30_000;

export async function insertRows(
  db: RawExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const perChunk = Math.max(1, Math.floor(maxVariables / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    for (const row of chunk) {
      if (row.length !== columns.length) throw new Error(`insertRows(${table}): a row has ${row.length} values for ${columns.length} columns`);
    }
    await db.$executeRawUnsafe(head + chunk.map(() => tuple).join(','), ...chunk.flat());
  }
}
