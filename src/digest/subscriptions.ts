// Where digests go: FRONTLINE_DIGEST_CHANNELS plus the channels PMs subscribe
// with `/feedback digest here [products…]`. A channel set up from Slack wins
// over the same channel in configuration (it is the newer decision).
import { ConfigError, type Config } from '../config.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { ActionError } from '../actions/errors.js';
import type { Roles } from '../actions/roles.js';
import { isLanguage, type Language } from '../slack/blocks/i18n.js';
import { appendAudit } from '../store/audit.js';

export interface Subscription {
  channelId: string;
  /** Product label ids; empty means all products. */
  products: string[];
  language: Language;
  source: 'config' | 'slack';
}

/** `C1:cards+loans,C2@zh-TW` → subscriptions; `@language` is optional (default: FRONTLINE_LANGUAGE). */
export function parseDigestChannels(text: string, language: Language): Subscription[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [target, lang] = entry.split('@').map((s) => s.trim());
      const [channelId, products = ''] = target!.split(':');
      if (!/^[CG][A-Z0-9]{2,}$/.test(channelId!)) throw new ConfigError([`FRONTLINE_DIGEST_CHANNELS: '${channelId}' is not a channel ID (example: FRONTLINE_DIGEST_CHANNELS=C0DIGEST01:cards+loans@zh-TW,C0DIGEST02)`]);
      if (lang !== undefined && !isLanguage(lang)) throw new ConfigError([`FRONTLINE_DIGEST_CHANNELS: '${lang}' is not a language (en, zh-TW or zh-CN)`]);
      return {
        channelId: channelId!,
        products: products.split('+').map((p) => p.trim().toLowerCase()).filter(Boolean),
        language: lang ?? language,
        source: 'config' as const,
      };
    });
}

export async function listSubscriptions(prisma: PrismaClient, config: Config): Promise<Subscription[]> {
  const byChannel = new Map<string, Subscription>();
  for (const s of parseDigestChannels(config.FRONTLINE_DIGEST_CHANNELS, config.FRONTLINE_LANGUAGE)) byChannel.set(s.channelId, s);
  const rows = await prisma.digestSubscription.findMany({ orderBy: { id: 'asc' } });
  for (const row of rows) {
    if (!row.active) {
      byChannel.delete(row.channelId);
      continue;
    }
    byChannel.set(row.channelId, {
      channelId: row.channelId,
      products: JSON.parse(row.products) as string[],
      language: isLanguage(row.language) ? row.language : config.FRONTLINE_LANGUAGE,
      source: 'slack',
    });
  }
  return [...byChannel.values()];
}

export type SubscribeResult = { subscription: Subscription; created: boolean };

export interface SubscribeRequest {
  channelId: string;
  products: string[];
  language: Language;
  actorId: string;
  /** Known product label ids, to refuse typos; skipped when absent. */
  knownProducts?: ReadonlySet<string>;
}

/**
 * `/feedback digest here [products…]`: PMs and admins only. A refusal throws
 * ActionError('forbidden') naming the role (Roles.authorize audits it); an
 * allowed change is audited with its before and after.
 */
export async function subscribe(prisma: PrismaClient, roles: Roles, req: SubscribeRequest, now = new Date()): Promise<SubscribeResult> {
  const subject = `channel:${req.channelId}`;
  await roles.authorize(req.actorId, 'digest.subscribe', subject);
  const products = [...new Set(req.products.map((p) => p.trim().toLowerCase()).filter(Boolean))];
  const unknown = req.knownProducts ? products.filter((p) => !req.knownProducts!.has(p)) : [];
  if (unknown.length > 0) {
    const known = [...req.knownProducts!].join(', ');
    throw new ActionError('invalid', `Unknown product${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known products: ${known}.`);
  }
  const data = { products: JSON.stringify(products), language: req.language, createdBy: req.actorId, active: true };
  return prisma.$transaction(async (tx) => {
    const before = await tx.digestSubscription.findUnique({ where: { channelId: req.channelId } });
    await tx.digestSubscription.upsert({ where: { channelId: req.channelId }, create: { channelId: req.channelId, ...data }, update: data });
    await appendAudit(tx, {
      actorId: req.actorId,
      action: 'digest.subscribe',
      subject,
      ...(before ? { before: { products: JSON.parse(before.products) as string[], language: before.language, active: before.active } } : {}),
      after: { products, language: req.language, active: true },
      at: now,
    });
    return { subscription: { channelId: req.channelId, products, language: req.language, source: 'slack' as const }, created: !before };
  });
}
