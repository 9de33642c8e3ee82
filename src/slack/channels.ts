// What Frontline needs to know about a channel: is it shared with another
// organisation (Slack Connect), and is the bot in it. Cached: conversations.info
// is Tier 3 (50 a minute).
import type { SlackApi } from './client.js';

export interface ChannelFacts {
  external: boolean;
  member: boolean;
}

export class Channels {
  private readonly cache = new Map<string, { facts: ChannelFacts; at: number }>();

  constructor(
    private readonly api: SlackApi,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  async facts(channelId: string): Promise<ChannelFacts> {
    const hit = this.cache.get(channelId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.facts;
    const result = await this.api.conversationInfo({ channel: channelId });
    const c = result.channel ?? {};
    const facts = { external: Boolean(c.is_ext_shared || c.is_pending_ext_shared), member: Boolean(c.is_member || c.is_im) };
    this.cache.set(channelId, { facts, at: Date.now() });
    return facts;
  }
}
