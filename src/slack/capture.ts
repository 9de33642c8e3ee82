// Capturing an existing Slack message (shortcut, reaction, mention, DM,
// watched channel): one intake key per message, so the same message captured
// twice, by any two surfaces, is one item.
import type { IntakeSource } from '../intake/types.js';
import { intakeKeys } from '../intake/types.js';
import { afterFiling } from './after-filing.js';
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
}

/** Captures still running, by intake key: an edit or deletion that overtakes its capture waits for it. */
const inFlight = new Map<string, Promise<void>>();

/** Resolves once any capture of this key that is under way has finished. */
export async function captureSettled(intakeKey: string): Promise<void> {
  await inFlight.get(intakeKey)?.catch(() => undefined);
}

export function captureMessage(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow): Promise<void> {
  const key = messageKey(message);
  const running = capture(ctx, message, how).finally(() => {
    if (inFlight.get(key) === running) inFlight.delete(key);
  });
  inFlight.set(key, running);
  return running;
}

async function capture(ctx: SurfaceContext, message: SlackMessageRef, how: CaptureHow): Promise<void> {
  const target = { userId: how.reporterId, responseUrl: how.responseUrl, channelId: message.channelId };
  if (!message.text.trim()) {
    await ctx.replies.privately(target, plainMessage('That message has no text to file.'));
    return;
  }
  const link = await permalink(ctx, message.channelId, message.ts);
  const outcome = await ctx.intake.file({
    intakeKey: messageKey(message),
    source: how.source,
    text: message.text,
    receivedAt: ctx.now(),
    reporterId: how.reporterId,
    authorId: message.authorId,
    slack: { teamId: message.teamId, channelId: message.channelId, messageTs: message.ts, threadTs: message.threadTs, permalink: link },
  });
  await afterFiling(ctx, outcome, {
    target,
    thread: how.confirm === 'thread' ? { channelId: message.channelId, ts: message.ts } : undefined,
    source: how.source,
    permalink: link,
  });
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
