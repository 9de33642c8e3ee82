// The stand-in itself: its signatures are Slack's (the worked example from
// Slack's "Verifying requests" page, and Bolt accepts them), and its fake Web
// API answers like Slack, including 429 with Retry-After.
import { verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature, startFakeSlack, type FakeSlack } from '../support/slack-standin/index.js';

// Slack's published example (docs.slack.dev, "Verifying requests from Slack").
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('slack stand-in', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(() => slack.close());

  it('signs exactly like Slack (the documented test vector)', () => {
    expect(slackSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(slackSignature(VECTOR.secret, VECTOR.timestamp, `${VECTOR.body} `)).not.toBe(VECTOR.signature);
  });

  it('produces signatures Bolt verifies, and Bolt rejects a changed body', () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = 'command=%2Ffeedback&text=hello';
    const headers = { 'x-slack-signature': slackSignature(VECTOR.secret, ts, body), 'x-slack-request-timestamp': ts };
    expect(() => verifySlackRequest({ signingSecret: VECTOR.secret, body, headers })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: VECTOR.secret, body: `${body}x`, headers })).toThrow();
    expect(() =>
      verifySlackRequest({ signingSecret: VECTOR.secret, body: VECTOR.body, headers: { 'x-slack-signature': VECTOR.signature, 'x-slack-request-timestamp': VECTOR.timestamp }, nowMilliseconds: VECTOR.timestamp * 1000 }),
    ).not.toThrow();
  });

  it('records Web API calls with parsed arguments and answers ok', async () => {
    slack.reset();
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const auth = await web.auth.test();
    expect(auth.team_id).toBe('T0TEST0001');
    await web.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] });
    const [post] = slack.callsTo('chat.postMessage');
    expect(post?.token).toBe('xoxb-test');
    expect(post?.args.channel).toBe('C1');
    expect(post?.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }]);
  });

  it('answers scripted Slack errors and 429 with Retry-After', async () => {
    slack.reset();
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    slack.script('chat.postMessage', { error: 'channel_not_found' }, { rateLimited: 2 });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'b' })).rejects.toMatchObject({ retryAfter: 2 });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'c' })).resolves.toMatchObject({ ok: true });
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 200]);
  });

  it('serves response_url endpoints and recorded history', async () => {
    slack.reset();
    const url = slack.responseUrl('abc');
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'done' }) });
    expect(slack.callsTo('response_url')[0]?.args).toMatchObject({ id: 'abc', text: 'done' });
    slack.addMessage('C2', { ts: '1.000001', text: 'top', user: 'U1' });
    const web = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const history = await web.conversations.history({ channel: 'C2', latest: '1.000001', oldest: '1.000001', inclusive: true, limit: 1 });
    expect(history.messages?.[0]?.text).toBe('top');
  });
});
