// What the PM block_actions listeners read from a click: who, where, the
// value (a button's value or a select's chosen option) and the surrounding
// message blocks.
import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { ClickContext } from '../../actions/flows/port.js';
import type { KBlock } from '../blocks/backlog-modals.js';

export function clickContext(body: BlockAction, action: BlockElementAction): ClickContext {
  const a = action as { value?: string; selected_option?: { value?: string } | null };
  const container = body.container as { message_ts?: string; channel_id?: string; type?: string } | undefined;
  const inMessage = container?.type === 'message' || Boolean(body.message);
  return {
    userId: body.user.id,
    triggerId: body.trigger_id,
    value: a.value ?? a.selected_option?.value ?? '',
    channelId: inMessage ? (body.channel?.id ?? container?.channel_id) : undefined,
    messageTs: inMessage ? (body.message?.ts ?? container?.message_ts) : undefined,
    blocks: (body.message?.blocks as KBlock[] | undefined) ?? undefined,
  };
}
