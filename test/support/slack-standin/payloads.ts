// Builders for the payloads Slack sends, with the fields Bolt and Frontline
// read, following Slack's documented shapes (slash command, message_action,
// view_submission, block_actions, event_callback). Every builder takes
// overrides; ids are unique per call so tests never collide.
let counter = 0;
const next = () => (++counter).toString(36).toUpperCase().padStart(6, '0');

export const TEAM = { id: 'T0TEST0001', domain: 'frontline-test' };

/** A unique Slack-like message timestamp. */
export function messageTs(): string {
  counter += 1;
  return `1732400000.${String(counter).padStart(6, '0')}`;
}

export function slashCommand(fields: { text: string; user_id?: string; channel_id?: string; response_url?: string; trigger_id?: string; command?: string; team_id?: string }): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? TEAM.id,
    team_domain: TEAM.domain,
    channel_id: fields.channel_id ?? 'C0FEEDBACK',
    channel_name: 'feedback',
    user_id: fields.user_id ?? 'U0REPORTER',
    user_name: 'reporter',
    command: fields.command ?? '/feedback',
    text: fields.text,
    api_app_id: 'A0FRONTLINE',
    is_enterprise_install: 'false',
    response_url: fields.response_url ?? 'https://hooks.slack.com/commands/T0TEST0001/1/none',
    trigger_id: fields.trigger_id ?? `${next()}.1.trigger`,
  };
}

export interface MessageFields {
  ts?: string;
  text?: string;
  user?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  [field: string]: unknown;
}

export function messageShortcut(fields: { channel?: string; user?: string; message: MessageFields; response_url?: string; callback_id?: string }) {
  const ts = fields.message.ts ?? messageTs();
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: TEAM.id, domain: TEAM.domain },
    user: { id: fields.user ?? 'U0REPORTER', username: 'reporter', team_id: TEAM.id, name: 'reporter' },
    channel: { id: fields.channel ?? 'C0FEEDBACK', name: 'feedback' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: fields.callback_id ?? 'send_to_frontline',
    trigger_id: `${next()}.1.trigger`,
    response_url: fields.response_url ?? 'https://hooks.slack.com/app/T0TEST0001/1/none',
    message_ts: ts,
    message: { type: 'message', user: 'U0AUTHOR01', text: '', ...fields.message, ts },
  };
}

export function viewSubmission(fields: { callback_id: string; values: Record<string, Record<string, unknown>>; private_metadata?: string; user?: string; view_id?: string }) {
  return {
    type: 'view_submission',
    team: { id: TEAM.id, domain: TEAM.domain },
    user: { id: fields.user ?? 'U0REPORTER', username: 'reporter', name: 'reporter', team_id: TEAM.id },
    api_app_id: 'A0FRONTLINE',
    token: 'legacy-verification-token',
    trigger_id: `${next()}.1.trigger`,
    is_enterprise_install: false,
    enterprise: null,
    view: {
      id: fields.view_id ?? `V${next()}`,
      team_id: TEAM.id,
      type: 'modal',
      callback_id: fields.callback_id,
      private_metadata: fields.private_metadata ?? '',
      state: { values: fields.values },
      hash: `${next()}.hash`,
      title: { type: 'plain_text', text: 'Frontline' },
      blocks: [],
      app_id: 'A0FRONTLINE',
      bot_id: 'B0FRONTBOT',
      root_view_id: null,
      previous_view_id: null,
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
}

export function blockAction(fields: { action_id: string; value?: string; block_id?: string; user?: string; channel?: string; message_ts?: string; response_url?: string; container?: Record<string, unknown> }) {
  return {
    type: 'block_actions',
    team: { id: TEAM.id, domain: TEAM.domain },
    user: { id: fields.user ?? 'U0REPORTER', username: 'reporter', name: 'reporter', team_id: TEAM.id },
    api_app_id: 'A0FRONTLINE',
    token: 'legacy-verification-token',
    trigger_id: `${next()}.1.trigger`,
    container: fields.container ?? { type: 'message', message_ts: fields.message_ts ?? messageTs(), channel_id: fields.channel ?? 'C0FEEDBACK', is_ephemeral: true },
    channel: { id: fields.channel ?? 'C0FEEDBACK', name: 'feedback' },
    response_url: fields.response_url ?? 'https://hooks.slack.com/actions/T0TEST0001/1/none',
    actions: [{ type: 'button', action_id: fields.action_id, block_id: fields.block_id ?? 'b1', value: fields.value ?? '', action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' } }],
  };
}

/** An Events API envelope around `event`; a fresh event_id unless given. */
export function eventCallback(event: Record<string, unknown>, fields: { event_id?: string; is_ext_shared_channel?: boolean; team_id?: string } = {}) {
  return {
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? TEAM.id,
    api_app_id: 'A0FRONTLINE',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: fields.event_id ?? `Ev${next()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'U0FRONTBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: fields.is_ext_shared_channel ?? false,
    event_context: `4-${next()}`,
  };
}

/** A `message` event in a channel (channel_type from the id: D → im, G → group, else channel). */
export function messageEvent(fields: MessageFields & { channel: string }) {
  const channelType = fields.channel.startsWith('D') ? 'im' : fields.channel.startsWith('G') ? 'group' : 'channel';
  return { type: 'message', channel_type: channelType, team: TEAM.id, user: 'U0AUTHOR01', text: '', ts: fields.ts ?? messageTs(), ...fields };
}

export function reactionAdded(fields: { channel: string; ts: string; reaction?: string; user?: string; item_user?: string }) {
  return {
    type: 'reaction_added',
    user: fields.user ?? 'U0REPORTER',
    reaction: fields.reaction ?? 'inbox_tray',
    item_user: fields.item_user ?? 'U0AUTHOR01',
    item: { type: 'message', channel: fields.channel, ts: fields.ts },
  };
}

export function appMention(fields: { channel: string; text: string; user?: string; ts?: string; thread_ts?: string }) {
  return { type: 'app_mention', user: fields.user ?? 'U0REPORTER', text: fields.text, ts: fields.ts ?? messageTs(), channel: fields.channel, ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}) };
}
