// `/feedback digest here [products…] [en|zh-TW|zh-CN]`: a PM or admin sends
// the weekly digest to this channel, for the named products (or all), in the
// chosen language. `/feedback digest` alone explains. The caller (feedback.ts)
// has already acked; the answer is private to the person who typed it.
import type { SlashCommand } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { ActionError } from '../../actions/errors.js';
import type { Roles } from '../../actions/roles.js';
import { subscribe, type SubscribeResult } from '../../digest/subscriptions.js';
import { isLanguage, type Language } from '../blocks/i18n.js';
import { plainMessage } from '../blocks/confirmation.js';
import type { SurfaceContext } from '../context.js';
import type { ProductChoice } from '../deps.js';

/** What the subcommand needs beyond the Slack surface: the store and roles. */
export interface DigestHereService {
  subscribe(req: { channelId: string; products: string[]; language: Language; actorId: string; knownProducts?: ReadonlySet<string> }): Promise<SubscribeResult>;
  defaultLanguage: Language;
  /** When the digest posts, for the confirmation, e.g. "MON 09:00 (Asia/Taipei)". */
  schedule: string;
}

export function digestHereService(prisma: PrismaClient, roles: Roles, config: Config): DigestHereService {
  return {
    subscribe: (req) => subscribe(prisma, roles, req),
    defaultLanguage: config.FRONTLINE_LANGUAGE,
    schedule: `${config.FRONTLINE_DIGEST_SCHEDULE} (${config.FRONTLINE_TIMEZONE})`,
  };
}

/** The app wires the service onto the surface context as `digestHere`; absent, the command says so. */
export type DigestHereContext = SurfaceContext & { digestHere?: DigestHereService };

export const DIGEST_USAGE =
  'Usage: `/feedback digest here [products…] [en|zh-TW|zh-CN]`, e.g. `/feedback digest here cards loans zh-TW`. ' +
  'With no products the digest covers all of them. PMs and admins only.';

export interface ParsedDigestHere {
  products: string[];
  language?: Language;
}

/** `digest here cards Loans zh-tw` → products and language; a string is a usage problem. */
export function parseDigestHere(text: string, known: readonly ProductChoice[]): ParsedDigestHere | string {
  const words = text.trim().split(/\s+/).slice(1); // drop "digest"
  if (words[0]?.toLowerCase() !== 'here') return DIGEST_USAGE;
  const products: string[] = [];
  let language: Language | undefined;
  for (const word of words.slice(1)) {
    const lang = ['en', 'zh-tw', 'zh-cn'].includes(word.toLowerCase()) ? word.replace(/^zh-(..)$/i, (_, r: string) => `zh-${r.toUpperCase()}`) : undefined;
    if (lang && isLanguage(lang)) {
      language = lang;
      continue;
    }
    const w = word.replace(/^[,;]+|[,;]+$/g, '').toLowerCase();
    if (!w) continue;
    const match = known.find((p) => p.id.toLowerCase() === w || p.name.toLowerCase() === w || p.id.toLowerCase().split('_')[0] === w);
    products.push(match ? match.id : w);
  }
  return { products: [...new Set(products)], ...(language ? { language } : {}) };
}

export async function digestHere(ctx: DigestHereContext, command: SlashCommand, text: string): Promise<void> {
  const target = { userId: command.user_id, responseUrl: command.response_url, channelId: command.channel_id };
  const say = (message: string) => ctx.replies.privately(target, plainMessage(message));
  const service = ctx.digestHere;
  if (!service) {
    await say('Digest subscriptions are not available in this build; set FRONTLINE_DIGEST_CHANNELS instead.');
    return;
  }
  if (command.channel_id.startsWith('D')) {
    await say('The digest goes to a channel: run this in the channel that should get it.');
    return;
  }
  const parsed = parseDigestHere(text, ctx.settings.products);
  if (typeof parsed === 'string') {
    await say(parsed);
    return;
  }
  const language = parsed.language ?? service.defaultLanguage;
  try {
    const { created } = await service.subscribe({
      channelId: command.channel_id,
      products: parsed.products,
      language,
      actorId: command.user_id,
      ...(ctx.settings.products.length > 0 ? { knownProducts: new Set(ctx.settings.products.map((p) => p.id)) } : {}),
    });
    const names = parsed.products.map((id) => ctx.settings.products.find((p) => p.id === id)?.name ?? id);
    const scope = names.length > 0 ? names.join(', ') : 'all products';
    await say(
      `${created ? 'This channel now gets' : 'Updated: this channel gets'} the weekly digest for *${scope}* in ${language}, every ${service.schedule}.` +
        ' Invite the bot with `/invite @Frontline` if it is not in the channel yet.',
    );
  } catch (error) {
    if (error instanceof ActionError) {
      await say(error.message);
      return;
    }
    throw error;
  }
}
