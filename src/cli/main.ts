// `frontline <command> [options]`: finds the command, parses its options,
// prints help, and turns failures into one clear line and an exit code.
import { parseArgs } from 'node:util';
import { type Command, type CommandIO, type OptionSpec, UserError } from './command.js';
import { commands } from './commands/index.js';
import { ConfigError } from '../config.js';

const common: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: frontline <command> [options]',
    '',
    'Frontline collects customer feedback from bank staff in Slack, redacts it,',
    'tags and clusters it, and posts a weekly digest for product managers.',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --help, and --json for machine-readable output.',
  ].join('\n');
}

/** Longest command name that prefixes argv wins, so `eval classify` beats `eval`. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) {
      if (!best || words.length > best.command.name.split(' ').length) {
        best = { command, rest: argv.slice(words.length) };
      }
    }
  }
  return best;
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(overview() + '\n');
    return argv.length === 0 ? 1 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(argv[0] + ' '));
    if (group.length > 0 && (argv.length === 1 || argv[1]?.startsWith('-'))) {
      io.stdout.write(group.map((c) => `  frontline ${c.name}  ${c.summary}`).join('\n') + '\n');
      return argv.includes('--help') || argv.includes('-h') ? 0 : 1;
    }
    io.stderr.write(`frontline: unknown command '${argv.join(' ')}'. Run 'frontline --help' for the list.\n`);
    return 1;
  }
  const { command, rest } = found;
  const wantsJson = rest.includes('--json');
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...common, ...command.options },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (parsed.values.help) {
      io.stdout.write(command.help.trimEnd() + '\n');
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    return reportFailure(error, command, io, wantsJson);
  }
}

function reportFailure(error: unknown, command: Command, io: CommandIO, json: boolean): number {
  const expected = error instanceof UserError || error instanceof ConfigError || isArgError(error);
  const message = expected
    ? (error as Error).message
    : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  if (json) {
    io.stdout.write(JSON.stringify({ ok: false, error: message }) + '\n');
  } else {
    io.stderr.write(`frontline ${command.name}: ${message}\n`);
    if (isArgError(error)) io.stderr.write(`Run 'frontline ${command.name} --help' for usage.\n`);
  }
  if (!expected && process.env.FRONTLINE_DEBUG) io.stderr.write(String((error as Error).stack) + '\n');
  return error instanceof UserError ? error.exitCode : 1;
}

function isArgError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
