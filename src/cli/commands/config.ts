import { configTableMarkdown, variableDocs } from '../../config-docs.js';
import { loadConfig } from '../../config.js';
import { type Command, flagOption, printJson } from '../command.js';

export const config: Command = {
  name: 'config',
  summary: 'Check the configuration and list every variable',
  help: `Usage: frontline config [--markdown] [--json]

Reads the environment and .env the way 'frontline start' does, reports any bad
value (one line per problem), then lists every variable with its default.
Secrets are never printed.

Options:
  --markdown  Print the variables as the Markdown table used in README.md
  --json      Print {"ok", "variables": [{"name","default","example","description","set"}]}`,
  options: { markdown: { type: 'boolean' } },
  async run(args, io) {
    if (flagOption(args, 'markdown')) {
      io.stdout.write(configTableMarkdown() + '\n');
      return 0;
    }
    loadConfig(io.env, io.cwd); // throws ConfigError with one line per problem
    const docs = variableDocs().map((d) => ({ ...d, set: io.env[d.name] !== undefined && io.env[d.name] !== '' }));
    if (args.values.json) {
      printJson(io, { ok: true, variables: docs.map(({ secret: _secret, ...d }) => d) });
      return 0;
    }
    io.stdout.write('Configuration is valid.\n\n');
    for (const d of docs) io.stdout.write(`${d.set ? '*' : ' '} ${d.name.padEnd(34)} ${d.default ? `default ${d.default}` : ''}\n`);
    io.stdout.write('\n* set in the environment. Details: frontline config --markdown\n');
    return 0;
  },
};
