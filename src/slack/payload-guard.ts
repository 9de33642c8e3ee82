// Shape checks on a verified request body before Bolt dispatches it. Slack
// never sends these, so a failure means a broken proxy or a hand-made request:
// answer 400 with the reason instead of letting a listener crash or the
// request hang until Bolt's 3-second no-ack timeout.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Why a body cannot be a Slack request, or null when it looks like one. */
export function payloadProblem(body: unknown): string | null {
  if (!isObject(body)) return 'the body is not a JSON object';
  if (body.type === 'event_callback') {
    if (!isString(body.event_id)) return 'event_callback without event_id';
    if (!isObject(body.event) || !isString(body.event.type)) return 'event_callback without an event type';
    return null;
  }
  if (body.command !== undefined) {
    for (const field of ['command', 'text', 'user_id', 'channel_id', 'trigger_id'] as const) {
      if (!isString(body[field])) return `slash command without ${field}`;
    }
    return null;
  }
  if (isString(body.type) && INTERACTIVE.has(body.type)) {
    if (!isObject(body.user) || !isString(body.user.id)) return `${body.type} without user.id`;
    if (body.type === 'message_action' && (!isObject(body.message) || !isObject(body.channel) || !isString(body.callback_id))) {
      return 'message_action without message, channel or callback_id';
    }
    if ((body.type === 'view_submission' || body.type === 'view_closed') && !isObject(body.view)) return `${body.type} without view`;
    if (body.type === 'block_actions' && !Array.isArray(body.actions)) return 'block_actions without actions';
    return null;
  }
  return `unrecognised payload type ${JSON.stringify(String(body.type ?? 'none')).slice(0, 60)}`;
}

const INTERACTIVE = new Set(['block_actions', 'view_submission', 'view_closed', 'message_action', 'shortcut', 'block_suggestion']);
