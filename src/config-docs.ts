// The configuration reference, written from `variables`: README's table and
// `frontline config` both come from here, so the docs cannot drift.
import { variables } from './config.js';

export interface VariableDoc {
  name: string;
  default: string;
  example: string;
  description: string;
  secret: boolean;
}

export function variableDocs(): VariableDoc[] {
  return Object.entries(variables).map(([name, v]) => {
    const parsed = v.schema.safeParse(undefined);
    const value: unknown = parsed.success ? parsed.data : undefined;
    const shown =
      value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
        ? ''
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
    return { name, default: shown, example: v.example, description: v.description, secret: 'secret' in v && v.secret === true };
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table between README's `config-table` markers. */
export function configTableMarkdown(): string {
  const lines = ['| variable | default | example | what it does |', '| --- | --- | --- | --- |'];
  for (const d of variableDocs()) {
    const example = d.secret ? '(secret)' : `\`${cell(d.example)}\``;
    lines.push(`| \`${d.name}\` | ${d.default ? `\`${cell(d.default)}\`` : '—'} | ${example} | ${cell(d.description)} |`);
  }
  return lines.join('\n');
}
