// How Frontline answers the person who filed: privately (response_url, then
// an ephemeral message, then the app's DM as a last resort) or in a thread.
import type { Logger } from '../log.js';
import type { SlackMessage } from './blocks/confirmation.js';
import { slackErrorCode, type SlackApi } from './client.js';

export interface PrivateTarget {
  userId: string;
  /** A slash command's or shortcut's response_url: works even where the bot is not a member. */
  responseUrl?: string | undefined;
  channelId?: string | undefined;
  threadTs?: string | undefined;
}

/** Errors after which an ephemeral cannot reach the user in that channel. */
const UNREACHABLE = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived']);

export class Replies {
  constructor(
    private readonly api: SlackApi,
    private readonly log: Logger,
  ) {}

  async privately(target: PrivateTarget, message: SlackMessage): Promise<void> {
    if (target.responseUrl) {
      try {
        await this.api.respond(target.responseUrl, { response_type: 'ephemeral', replace_original: false, ...message });
        return;
      } catch (error) {
        this.log.warn({ err: String(error) }, 'response_url failed; trying an ephemeral message');
      }
    }
    if (target.channelId && !target.channelId.startsWith('D')) {
      try {
        await this.api.postEphemeral({ channel: target.channelId, user: target.userId, ...message, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
        return;
      } catch (error) {
        if (!UNREACHABLE.has(slackErrorCode(error) ?? '')) throw error;
      }
    }
    // The app's own DM (its Messages tab) always reaches the user.
    await this.api.postMessage({ channel: target.channelId?.startsWith('D') ? target.channelId : target.userId, ...message });
  }

  async inThread(channelId: string, threadTs: string, message: SlackMessage): Promise<void> {
    await this.api.postMessage({ channel: channelId, thread_ts: threadTs, ...message });
  }
}
