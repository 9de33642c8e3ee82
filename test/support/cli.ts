// Runs `frontline …` in-process with captured output, as a user would see it.
import { Writable } from 'node:stream';
import type { CommandIO } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CommandIO whose output is collected in memory. */
export function captureIO(env: NodeJS.ProcessEnv, cwd: string): { io: CommandIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({ write: (chunk: Buffer | string, _encoding, done) => (append(String(chunk)), done()) });
  const io: CommandIO = { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env, cwd };
  return { io, out: () => out, err: () => err };
}

/** Runs one command against the given environment (LOG_LEVEL defaults to silent). */
export async function runFrontline(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  const { io, out, err } = captureIO({ LOG_LEVEL: 'silent', ...env }, cwd);
  const code = await runCli(argv, io);
  return { code, stdout: out(), stderr: err() };
}
