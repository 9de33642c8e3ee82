// What every surface handler gets: the injected services plus the shared
// helpers built once per app.
import type { Background } from './background.js';
import type { Channels } from './channels.js';
import type { SlackDeps } from './deps.js';
import type { Replies } from './replies.js';

export interface SurfaceContext extends SlackDeps {
  background: Background;
  replies: Replies;
  channels: Channels;
  /** The bot's own user id (auth.test), to strip mentions and skip our own messages. */
  botUserId: string;
  now: () => Date;
  /** Refuses Slack Connect channels unless configured; `envelopeFlag` is the event's is_ext_shared_channel. */
  externalRefused(channelId: string, envelopeFlag?: boolean): Promise<boolean>;
}
