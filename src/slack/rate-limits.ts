// Slack's published per-method tiers (per workspace, per app), as calls per
// minute. Source: slackapi/java-slack-sdk rate_limit_tiers.json, the table the
// Slack SDK team maintains. chat.postMessage is special: 1 per second per
// channel, with a workspace-wide cap of "several hundred per minute".
import type { ApiMethod } from './surfaces.js';

export const TIERS = { tier1: 1, tier2: 20, tier3: 50, tier4: 100 } as const;

export const PER_MINUTE: Record<ApiMethod, number> = {
  'auth.test': 600,
  'chat.postMessage': 300, // the workspace-wide cap; the per-channel limit is separate
  'chat.postEphemeral': TIERS.tier4,
  'chat.getPermalink': 600,
  'conversations.info': TIERS.tier3,
  'conversations.history': TIERS.tier3,
  'conversations.replies': TIERS.tier3,
  'views.open': TIERS.tier4,
  'chat.update': TIERS.tier3,
  'views.publish': TIERS.tier4,
  'usergroups.users.list': TIERS.tier2,
};

/** chat.postMessage to one channel: one per second. */
export const POST_MESSAGE_PER_CHANNEL_MS = 1000;
