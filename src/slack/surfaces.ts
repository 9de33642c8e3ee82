// Every Slack surface the app registers, as data. app.ts registers from these
// names and the manifest test checks manifest.yml against them, so the two
// cannot drift: nothing missing, nothing extra.

export const COMMAND = {
  command: '/feedback',
  description: 'File customer feedback (opens a form without text)',
  usage_hint: '[what the customer said] | watch | unwatch | digest here | role @user pm | help',
  should_escape: true, // `/feedback role @user pm` needs the mention as <@U…> (manifest.yml)
} as const;

export const SHORTCUT = {
  name: 'Send to Frontline',
  type: 'message',
  callback_id: 'send_to_frontline',
  description: 'File this message as customer feedback',
} as const;

/** Modal callback ids (view_submission listeners). */
export const VIEWS = {
  feedback: 'feedback_modal',
  fixTags: 'fix_tags_modal',
  // PM actions (src/slack/actions/): callback ids of the modals in blocks/backlog-modals.ts.
  pmPromote: 'backlog_promote',
  pmLink: 'backlog_link',
  pmMerge: 'cluster_merge_submit',
  pmRelabel: 'cluster_relabel_submit',
  pmDismiss: 'cluster_dismiss_submit',
  pmTagItem: 'item_tag_submit',
  pmAddKeyword: 'taxonomy_keyword_submit',
} as const;

/** PM block_actions (digest and App Home buttons) and external_select options listeners (src/slack/actions/). */
export const PM_ACTION_IDS = ['cluster_promote', 'cluster_merge', 'cluster_relabel', 'cluster_dismiss', 'cluster_unmerge', 'backlog_status', 'loop_mute', 'loop_unmute', 'unclassified_tag', 'unclassified_keyword'] as const;
export const PM_OPTIONS_IDS = ['merge_target'] as const;

/** Intake block_actions: the confirmation's Fix tags button (src/slack/views/fix-tags.ts). */
export const INTAKE_ACTION_IDS = ['fix_tags'] as const;

/** Events the code listens to, and the manifest's bot events each needs. */
export const EVENTS = {
  // One `message` listener covers watched public and private channels and DMs.
  message: ['message.channels', 'message.groups', 'message.im'],
  app_mention: ['app_mention'],
  reaction_added: ['reaction_added'],
  app_home_opened: ['app_home_opened'],
} as const;

/** Web API methods the code calls; the client wrapper accepts only these. */
export const WEB_API_METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.getPermalink',
  'conversations.info',
  'conversations.history',
  'conversations.replies',
  'views.open',
  'chat.update',
  'views.publish',
  'usergroups.users.list',
] as const;
export type ApiMethod = (typeof WEB_API_METHODS)[number];

/** Bot scopes each manifest bot event needs. */
export const EVENT_SCOPES: Record<string, readonly string[]> = {
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  app_mention: ['app_mentions:read'],
  reaction_added: ['reactions:read'],
  app_home_opened: [],
};

/** Bot scopes each Web API method needs (for the channel kinds Frontline reads). */
export const METHOD_SCOPES: Record<ApiMethod, readonly string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.info': ['channels:read', 'groups:read', 'im:read'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'views.open': [],
  'chat.update': ['chat:write'],
  'views.publish': [],
  'usergroups.users.list': ['usergroups:read'],
};

/** Slash commands and shortcuts need the `commands` scope. */
export function requiredBotScopes(): string[] {
  const scopes = new Set<string>(['commands']);
  for (const events of Object.values(EVENTS)) for (const e of events) for (const s of EVENT_SCOPES[e] ?? []) scopes.add(s);
  for (const method of WEB_API_METHODS) for (const s of METHOD_SCOPES[method]) scopes.add(s);
  return [...scopes].sort();
}

export function botEvents(): string[] {
  return Object.values(EVENTS).flat().sort();
}
