// The app under test for the `slack` bench section, in its own process (as in
// production, the load generator does not share its event loop). Started by
// src/bench/slack.ts with fork(); answers { type: 'stats' } with its memory
// and shuts down gracefully on SIGTERM like `npm start`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { runSlackApp } from '../slack/run.js';

const cwd = process.env.BENCH_CWD ?? process.cwd();
const app = await runSlackApp({ ...loadConfig(process.env, cwd), PORT: 0 }, pino({ level: 'warn' }, pino.destination(2)), {
  cwd,
  host: '127.0.0.1',
  retryEveryMs: 3_600_000,
});
// How long the app's own event loop was blocked: tells app stalls from CPU starvation by other processes.
const loop = monitorEventLoopDelay({ resolution: 5 });
process.on('message', (message: { type?: string; idle?: boolean; reset?: boolean }) => {
  if (message.type === 'sample') process.send?.({ type: 'sample', rss: process.memoryUsage().rss });
  if (message.type !== 'stats') return;
  void (async () => {
    if (message.idle) await app.runtime.idle();
    const memory = process.memoryUsage();
    const delay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    if (message.reset) loop.reset();
    const cpu = process.cpuUsage();
    process.send?.({ type: 'stats', rss: memory.rss, heapUsed: memory.heapUsed, loopDelayMs: delay, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  })();
});
loop.enable();
process.send?.({ type: 'ready', port: app.port });
await app.closed;
process.disconnect?.();
