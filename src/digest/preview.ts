// The digest as it would be posted, with no Slack: for `frontline digest
// --preview` and for the `npm start` demo.
import type { Config } from '../config.js';
import type { Store } from '../store/client.js';
import { buildDigestsForWeek, digestSettings, type LabelNamer } from './build.js';
import { renderDigestText } from './render-text.js';
import { listSubscriptions, type Subscription } from './subscriptions.js';
import { formatWeek, lastCompleteWeek, type IsoWeek } from './week.js';

export interface PreviewPayload {
  /** The subscription's channel, or `preview` when none is configured. */
  channel: string;
  language: string;
  products: string[];
  /** Part 1 is the channel message; later parts are replies in its thread. */
  messages: { part: number; parts: number; text: string; blocks: unknown[] }[];
}

export interface DigestPreview {
  week: string;
  payloads: PreviewPayload[];
  /** Terminal rendering of every payload. */
  text: string;
}

export interface PreviewOptions {
  /** Default: the last complete ISO week in FRONTLINE_TIMEZONE. */
  week?: IsoWeek;
  /** Only this subscribed channel. */
  channel?: string;
  now?: Date;
  colour?: boolean;
  labelName?: LabelNamer;
}

/** Subscriptions to preview: the configured ones, or one all-products digest when there are none. */
export async function previewSubscriptions(store: Store, config: Config, channel?: string): Promise<Subscription[]> {
  const all = await listSubscriptions(store.prisma, config);
  if (channel) {
    const match = all.filter((s) => s.channelId === channel);
    return match.length > 0 ? match : [{ channelId: channel, products: [], language: config.FRONTLINE_LANGUAGE, source: 'config' }];
  }
  return all.length > 0 ? all : [{ channelId: 'preview', products: [], language: config.FRONTLINE_LANGUAGE, source: 'config' }];
}

export async function buildDigestPreview(store: Store, config: Config, options: PreviewOptions = {}): Promise<DigestPreview> {
  const settings = digestSettings(config, options.labelName);
  const week = options.week ?? lastCompleteWeek(options.now ?? new Date(), settings.timeZone);
  const subscriptions = await previewSubscriptions(store, config, options.channel);
  const built = await buildDigestsForWeek(store.path, week, subscriptions, settings);
  const payloads = built.map(({ subscription, messages }) => ({
    channel: subscription.channelId,
    language: subscription.language,
    products: subscription.products,
    messages: messages.map((m) => ({ part: m.part, parts: m.parts, text: m.text, blocks: m.blocks })),
  }));
  const text = built
    .map(({ subscription, messages }) => renderDigestText(messages, { colour: options.colour ?? false, channel: subscription.channelId }))
    .join('\n');
  return { week: formatWeek(week), payloads, text };
}
