// A small reader of schema.prisma, enough to compare models with the SQLite
// tables our SQL migrations create (the Prisma CLI that could diff them needs
// a binary download).

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  attributes: string;
}

export interface SchemaModel {
  name: string;
  fields: SchemaField[];
  blockAttributes: string[];
}

export function parsePrismaSchema(source: string): SchemaModel[] {
  const models: SchemaModel[] = [];
  const modelPattern = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  for (const match of source.matchAll(modelPattern)) {
    const model: SchemaModel = { name: match[1]!, fields: [], blockAttributes: [] };
    for (const rawLine of match[2]!.split('\n')) {
      const line = rawLine.replace(/\/\/.*$/, '').trim();
      if (line === '') continue;
      if (line.startsWith('@@')) {
        model.blockAttributes.push(line);
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!field) throw new Error(`cannot read line in model ${model.name}: ${line}`);
      model.fields.push({
        name: field[1]!,
        type: field[2]!,
        list: field[3] === '[]',
        optional: field[4] === '?',
        attributes: field[5] ?? '',
      });
    }
    models.push(model);
  }
  return models;
}

export const scalarTypes: Record<string, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  Float: 'REAL',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME',
  BigInt: 'BIGINT',
};

/** Column lists inside `@@index([a, b])` style attributes. */
export function columnsOf(attribute: string): string[] {
  const inner = /\(\s*\[([^\]]*)\]/.exec(attribute)?.[1] ?? '';
  return inner.split(',').map((c) => c.trim()).filter(Boolean);
}
