// The digest's Slack calls expressed over a generic Web API caller, so they go
// through the one rate-limited client (src/slack/client.ts) and can be faked.
import type { webApi } from '@slack/bolt';
import type { SlackApi } from '../slack/client.js';
import type { DigestSlack, MessageMetadata } from './post.js';

/** The one thing the digest needs from the Slack client: call a Web API method. */
export interface WebApiCaller {
  call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface HistoryMessage {
  ts: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function digestSlackFrom(client: WebApiCaller): DigestSlack {
  return {
    async postMessage(args: { channel: string; text: string; blocks: unknown[]; thread_ts?: string; metadata?: MessageMetadata }) {
      const result = await client.call('chat.postMessage', { ...args, unfurl_links: false, unfurl_media: false });
      return { ts: String(result.ts) };
    },
    async findMessages({ channel, oldest, threadTs }) {
      // One page is enough: we look only at the minutes around a crashed claim.
      const result = threadTs
        ? await client.call('conversations.replies', { channel, ts: threadTs, oldest, include_all_metadata: true, limit: 200 })
        : await client.call('conversations.history', { channel, oldest, include_all_metadata: true, limit: 200 });
      return ((result.messages ?? []) as HistoryMessage[]).map((m) => ({ ts: m.ts, ...(m.metadata ? { metadata: m.metadata } : {}) }));
    },
  };
}

/** Posting through the one rate-limited client (src/slack/client.ts): it waits out 429s and retries. */
export function digestSlackFromApi(api: Pick<SlackApi, 'postMessage' | 'conversationHistory' | 'conversationReplies'>): DigestSlack {
  return {
    async postMessage({ channel, text, blocks, thread_ts, metadata }) {
      const result = await api.postMessage({
        channel,
        text,
        // Our Block type is a subset of Slack's KnownBlock.
        blocks: blocks as webApi.KnownBlock[],
        ...(thread_ts ? { thread_ts } : {}),
        ...(metadata ? { metadata } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ts: String(result.ts) };
    },
    async findMessages({ channel, oldest, threadTs }) {
      const result = threadTs
        ? await api.conversationReplies({ channel, ts: threadTs, oldest, include_all_metadata: true, limit: 200 })
        : await api.conversationHistory({ channel, oldest, include_all_metadata: true, limit: 200 });
      return ((result.messages ?? []) as HistoryMessage[]).map((m) => ({ ts: m.ts, ...(m.metadata ? { metadata: m.metadata } : {}) }));
    },
  };
}
