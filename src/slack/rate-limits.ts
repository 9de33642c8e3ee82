// Slack's per-method rate limits, as data. Limits are per method, per
// workspace, per app. Source: the table the Slack SDK team maintains
// (slackapi/java-slack-sdk metadata/web-api/rate_limit_tiers.json), i.e.
// Tier1 1/min, Tier2 20/min, Tier3 50/min, Tier4 100/min, plus the special
// tiers below. The client (client.ts) turns each entry into a token bucket.
//
// Every method in WEB_API_METHODS (surfaces.ts) must have an entry here (the
// `satisfies` below fails to compile otherwise); entries for methods the code
// does not call yet are kept so that adding one to surfaces.ts is one line.
// apps.connections.open (Tier1, Socket Mode) is not here: Bolt's Socket Mode
// client calls it with the app token, outside the bot's Web API budget.
import type { ApiMethod } from './surfaces.js';

export const TIERS = { tier1: 1, tier2: 20, tier3: 50, tier4: 100 } as const;
export type Tier = keyof typeof TIERS | 'special';

export interface MethodLimit {
  tier: Tier;
  /** Calls per minute this app may make, per workspace. */
  perMinute: number;
}

const t = (tier: keyof typeof TIERS): MethodLimit => ({ tier, perMinute: TIERS[tier] });

export const METHOD_LIMITS = {
  'auth.test': { tier: 'special', perMinute: 600 },
  // Special: 1 per second per channel (POST_MESSAGE_PER_CHANNEL_MS) with short
  // bursts, and a workspace-wide cap Slack only calls "several hundred per
  // minute"; 300 is the low end of that.
  'chat.postMessage': { tier: 'special', perMinute: 300 },
  'chat.postEphemeral': t('tier4'),
  'chat.update': t('tier3'),
  'chat.delete': t('tier3'),
  'chat.getPermalink': { tier: 'special', perMinute: 600 },
  'chat.scheduleMessage': t('tier3'),
  'views.open': t('tier4'),
  'views.publish': t('tier4'),
  'views.update': t('tier4'),
  'views.push': t('tier4'),
  'users.info': t('tier4'),
  'users.list': t('tier2'),
  'users.lookupByEmail': t('tier3'),
  'users.profile.get': t('tier4'),
  // Since 2025-05-29 commercially distributed non-Marketplace apps get far
  // lower limits on history/replies; Frontline is an internal, customer-built
  // app, which keeps Tier3.
  'conversations.history': t('tier3'),
  'conversations.replies': t('tier3'),
  'conversations.info': t('tier3'),
  'conversations.list': t('tier2'),
  'conversations.members': t('tier4'),
  'conversations.join': t('tier3'),
  'conversations.open': t('tier3'),
  'reactions.add': t('tier3'),
  'reactions.get': t('tier3'),
  'team.info': t('tier3'),
  'bots.info': t('tier3'),
  // Not in the SDK table; Slack's method page lists Tier 2.
  'usergroups.users.list': t('tier2'),
} as const satisfies Record<ApiMethod, MethodLimit> & Record<string, MethodLimit>;

/** Calls per minute for a method the code calls. */
export function perMinute(method: ApiMethod): number {
  return METHOD_LIMITS[method].perMinute;
}

/** chat.postMessage to one channel: one per second. */
export const POST_MESSAGE_PER_CHANNEL_MS = 1000;
