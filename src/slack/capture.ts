// Capturing an existing Slack message (shortcut, reaction, mention, DM,
// watched channel): one intake key per message, so the same message captured
// twice, by any two surfaces, is one item.
import type { AcceptedItem, IntakeRequest, IntakeSource } from '../intake/types.js';
import { intakeKeys } from '../intake/types.js';
import { afterFiling, confirmOnce, type Announce } from './after-filing.js';
import { plainMessage } from './blocks/confirmation.js';
import type { SurfaceContext } from './context.js';

export interface SlackMessageRef {
  teamId?: string | undefined;
  channelId: string;
  ts: string;
  threadTs?: string | undefined;
  text: string;
  authorId?: string | undefined;
}

export interface CaptureHow {
  source: IntakeSource;
  reporterId: string;
  /** 'thread' answers under the message (watched channels); 'private' only the reporter sees it. */
  confirm: 'private' | 'thread';
  responseUrl?: string | undefined;
  /** A Slack retry of the event (X-Slack-Retry-Num): its item may already be confirmed. */
  retried?: boolean | undefined;
}

/** Captures still running, by intake key: an edit or deletion that overtakes its capture waits for it. */
const inFlight = new Map<string, Promise<void>>();

/** Resolves once any capture of this key that is under way has finished. */
export async function captureSettled(intakeKey: string): Promise<void> {
  await inFlight.get(intakeKey)?.catch(() => undefined);
}

/** An item stored ahead of the ack (redacted, `pending`), to be processed and confirmed after it. */
export interface Filing {
  request: IntakeRequest;
  /** Absent when the write-ahead was not possible (no durable intake, or it failed): filed after the ack instead. */
  accepted?: AcceptedItem | undefined;
}

/**
 * Before the ack: one small INSERT of the redacted item as `pending`, so a
 * crash after the ack loses nothing (the retry completes it). If even that
 * fails, the item is filed after the ack as before, and the failure logged.
 */
export async function writeAhead(ctx: SurfaceContext, request: IntakeRequest, options: { awaitingText?: boolean } = {}): Promise<Filing> {
  const durable = ctx.intake.durable;
  if (!durable) return { request };
  try {
    return { request, accepted: await durable.accept(request, options) };
  } catch (error) {
    ctx.log.error({ intakeKey: request.intakeKey, source: request.source, err: String(error) }, 'could not store the item before the ack; filing it after');
    return { request };
  }
}

/** After the ack: triage, cluster and store (one transaction), then confirm to the reporter once. */
export async function finishFiling(ctx: SurfaceContext, filing: Filing, how: Announce, live: { permalink?: string | undefined } = {}): Promise<void> {
  const durable = ctx.intake.durable;
  if (!filing.accepted || !durable) {
    const request = live.permalink ? { ...filing.request, slack: { ...filing.request.slack, permalink: live.permalink } } : filing.request;
    await afterFiling(ctx, await ctx.intake.file(request), how);
    return;
  }
  const outcome = await durable.complete(filing.accepted, { text: filing.request.text, permalink: live.permalink, authorId: filing.request.authorId });
  await confirmOnce(ctx, filing.accepted, outcome, how);
}

/** A written-ahead capture that is not filed after all (a refused channel): removed. */
export async function dropAhead(ctx: SurfaceContext, filing: Filing | undefined): Promise<void> {
  if (filing?.accepted?.created) await ctx.intake.durable?.discard(filing.accepted);
}

/** Before the ack: writes a captured message ahead; undefined when it has no text (the reporter is told after the ack). */
export async function captureAhead(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow): Promise<Filing | undefined> {
  if (!message.text.trim()) return undefined;
  return writeAhead(ctx, captureRequest(ctx, message, how));
}

/**
 * Before the ack, for surfaces that learn the text only after it (reactions):
 * the message's place is stored without its text (`awaiting_text`), so a crash
 * before the message is read loses nothing (the retry reads it).
 */
export function placeAhead(ctx: SurfaceContext, message: Omit<SlackMessageRef, 'text'>, how: CaptureHow): Promise<Filing> {
  return writeAhead(ctx, captureRequest(ctx, { ...message, text: '' }, how), { awaitingText: true });
}

/** A message stored ahead without its text (placeAhead), filed now that its text was read. */
export function resumeCapture(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow, accepted: AcceptedItem): Promise<void> {
  return captureMessage(ctx, message, how, { request: captureRequest(ctx, message, how), accepted });
}

/** Files a captured message: `ahead` is its write-ahead from before the ack, if there was one. */
export function captureMessage(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow, ahead?: Filing): Promise<void> {
  const key = messageKey(message);
  const running = capture(ctx, message, how, ahead).finally(() => {
    if (inFlight.get(key) === running) inFlight.delete(key);
  });
  inFlight.set(key, running);
  return running;
}

function captureRequest(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow): IntakeRequest {
  return {
    intakeKey: messageKey(message),
    source: how.source,
    text: message.text,
    receivedAt: ctx.now(),
    reporterId: how.reporterId,
    authorId: message.authorId,
    slack: { teamId: message.teamId, channelId: message.channelId, messageTs: message.ts, threadTs: message.threadTs },
  };
}

async function capture(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow, ahead?: Filing): Promise<void> {
  const target = { userId: how.reporterId, responseUrl: how.responseUrl, channelId: message.channelId };
  if (!message.text.trim()) {
    await ctx.replies.privately(target, plainMessage('That message has no text to file.'));
    return;
  }
  // Surfaces that learn the text only after the ack (reactions) write it ahead here, before any slow step.
  const filing = ahead ?? (await writeAhead(ctx, captureRequest(ctx, message, how)));
  const link = await permalink(ctx, message.channelId, message.ts);
  await finishFiling(
    ctx,
    filing,
    { target, thread: how.confirm === 'thread' ? { channelId: message.channelId, ts: message.ts } : undefined, source: how.source, permalink: link, retried: how.retried },
    { permalink: link },
  );
}

export function messageKey(message: { teamId?: string | undefined; channelId: string; ts: string }): string {
  return intakeKeys.slackMessage(message.teamId, message.channelId, message.ts);
}

/** The message's permalink, or undefined when Slack won't give one (the item is filed anyway). */
async function permalink(ctx: SurfaceContext, channel: string, ts: string): Promise<string | undefined> {
  try {
    const result = await ctx.api.getPermalink({ channel, message_ts: ts });
    return result.permalink;
  } catch (error) {
    ctx.log.warn({ channel, ts, err: String(error) }, 'no permalink for a captured message');
    return undefined;
  }
}
