// The PM flows' Slack port and close-the-loop poster over the rate-limited
// Web API client. Ephemeral messages need a channel; a click on the App Home
// has none, so those go to the user's DM with the bot instead.
import type { MessagePoster } from '../../actions/loop.js';
import type { PmSlackPort } from '../../actions/flows/port.js';
import type { KBlock } from '../../slack/blocks/backlog-modals.js';
import { slackErrorCode, type SlackApi } from '../client.js';
import { ActionError } from '../../actions/errors.js';


export function slackPort(api: SlackApi): PmSlackPort {
  return {
    async openView(triggerId, view) {
      try {
        await api.openView({ trigger_id: triggerId, view: view as never });
      } catch (error) {
        // A trigger lives 3 s and works once: a slow click (busy server, slow network) cannot open the form.
        if (['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id'].includes(slackErrorCode(error) ?? '')) {
          throw new ActionError('stale', 'Slack took too long to open the form, so nothing was opened or changed. Please click the button again.');
        }
        throw error;
      }
    },
    async publishHome(userId, view) {
      await api.publishView({ user_id: userId, view: view as never });
    },
    async ephemeral(channelId, userId, text, blocks) {
      const extra = blocks ? { blocks: blocks as never[] } : {};
      if (channelId && !channelId.startsWith('D')) await api.postEphemeral({ channel: channelId, user: userId, text, ...extra });
      else await api.postMessage({ channel: userId, text, ...extra });
    },
    async getMessage(channelId, ts) {
      const history = await api.conversationHistory({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 });
      const found = (history.messages as { ts?: string; text?: string; blocks?: KBlock[] }[] | undefined)?.find((m) => m.ts === ts);
      return found ? { text: found.text ?? '', blocks: found.blocks ?? [] } : undefined;
    },
    async updateMessage(channelId, ts, text, blocks) {
      await api.updateMessage({ channel: channelId, ts, text, blocks: blocks as never[] });
    },
  };
}

/** Close-the-loop messages: a DM (channel = user ID) or a thread reply in a watched channel. */
export function slackPoster(api: SlackApi): MessagePoster {
  return {
    async post(message) {
      await api.postMessage({ channel: message.channel, text: message.text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) });
    },
  };
}
