// Socket Mode (SLACK_APP_TOKEN set): the app opens the WebSocket that
// apps.connections.open hands out, acks envelopes over it and files as in
// HTTP mode. No inbound URL is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback, messageEvent, slashCommand, startSocketModeServer, type SocketModeServer } from '../support/slack-standin/index.js';
import { startHarness, type Harness } from './intake-harness.js';

describe('Socket Mode', () => {
  let h: Harness;
  let socket: SocketModeServer;
  beforeAll(async () => {
    socket = await startSocketModeServer();
    h = await startHarness(
      { SLACK_APP_TOKEN: 'xapp-1-A0FRONTLINE-1-test' },
      { beforeStart: (slack) => slack.script('apps.connections.open', ...Array.from({ length: 5 }, () => ({ body: { ok: true, url: socket.url } }))) },
    );
    await socket.connected();
  });
  afterAll(async () => {
    await h?.close();
    await socket?.close();
  });

  it('runs in Socket Mode, logs the mode and workspace, and opened the connection with the app token', () => {
    expect(h.app.mode).toBe('socket');
    expect(h.app.port).toBeUndefined();
    expect(h.slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-A0FRONTLINE-1-test');
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'Frontline is connected to Slack', mode: 'socket', team: 'Frontline Test', teamId: 'T0TEST0001' }));
  });

  it('acks a slash command over the socket and files it', async () => {
    const ack = await socket.deliver('slash_commands', slashCommand({ text: 'Branch tablets cannot print the fee schedule', response_url: h.slack.responseUrl('sm') }));
    expect(ack.envelope_id).toBeTruthy();
    await h.idle();
    const item = await h.app.store.prisma.feedbackItem.findFirstOrThrow();
    expect(item).toMatchObject({ source: 'slash_command', reporterId: 'U0REPORTER' });
  });

  it('handles Events API envelopes, once per event id even when redelivered', async () => {
    const envelope = eventCallback(messageEvent({ channel: 'D0DMREPORT', user: 'U0REPORTER', text: 'Customer cannot change the daily ATM limit in the app' }));
    await socket.deliver('events_api', envelope);
    await socket.deliver('events_api', envelope, { retry_attempt: 1, retry_reason: 'timeout' });
    await h.idle();
    expect(await h.app.store.prisma.feedbackItem.count({ where: { source: 'dm' } })).toBe(1);
  });
});
