// Where digests go: FRONTLINE_DIGEST_CHANNELS plus the channels PMs subscribe
// with `/feedback digest here [products…]`. A channel set up from Slack wins
// over the same channel in configuration (it is the newer decision).
import type { Config } from '../config.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { isLanguage, type Language } from '../slack/blocks/i18n.js';

export interface Subscription {
  channelId: string;
  /** Product label ids; empty means all products. */
  products: string[];
  language: Language;
  source: 'config' | 'slack';
}

/** `C1:cards+loans,C2` → subscriptions in the configured language. */
export function parseDigestChannels(text: string, language: Language): Subscription[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [channelId, products = ''] = entry.split(':');
      if (!/^[CG][A-Z0-9]{2,}$/.test(channelId!)) throw new Error(`FRONTLINE_DIGEST_CHANNELS: '${channelId}' is not a channel ID`);
      return { channelId: channelId!, products: products.split('+').map((p) => p.trim()).filter(Boolean), language, source: 'config' as const };
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

/** PM or admin: from configuration, or granted with `/feedback role`. */
export async function isPmOrAdmin(prisma: PrismaClient, config: Config, userId: string): Promise<boolean> {
  if (config.FRONTLINE_ADMINS.includes(userId) || config.FRONTLINE_PMS.includes(userId)) return true;
  const role = await prisma.userRole.findUnique({ where: { userId } });
  return role?.role === 'admin' || role?.role === 'pm';
}

export type SubscribeResult =
  | { ok: true; subscription: Subscription; created: boolean }
  | { ok: false; reason: 'not_allowed'; requiredRole: 'pm' }
  | { ok: false; reason: 'bad_products'; unknown: string[] };

export interface SubscribeRequest {
  channelId: string;
  products: string[];
  language: Language;
  actorId: string;
  /** True when the Slack layer found the actor in FRONTLINE_PM_USERGROUP. */
  inPmUsergroup?: boolean;
  /** Known product label ids, to refuse typos; skipped when absent. */
  knownProducts?: ReadonlySet<string>;
}

/**
 * `/feedback digest here [products…]`: PMs and admins only. Every attempt,
 * allowed or refused, is written to the audit log.
 */
export async function subscribe(prisma: PrismaClient, config: Config, req: SubscribeRequest): Promise<SubscribeResult> {
  const products = [...new Set(req.products.map((p) => p.trim().toLowerCase()).filter(Boolean))];
  const allowed = req.inPmUsergroup === true || (await isPmOrAdmin(prisma, config, req.actorId));
  const audit = (after: unknown, ok: boolean, detail?: string, before?: unknown) =>
    prisma.auditLog.create({
      data: {
        actorId: req.actorId,
        action: 'digest.subscribe',
        subjectType: 'channel',
        subjectId: req.channelId,
        before: before === undefined ? null : JSON.stringify(before),
        after: JSON.stringify(after),
        allowed: ok,
        detail: detail ?? null,
      },
    });
  if (!allowed) {
    await audit({ products, language: req.language }, false, 'requires role pm or admin');
    return { ok: false, reason: 'not_allowed', requiredRole: 'pm' };
  }
  const unknown = req.knownProducts ? products.filter((p) => !req.knownProducts!.has(p)) : [];
  if (unknown.length > 0) {
    await audit({ products, language: req.language }, false, `unknown products: ${unknown.join(', ')}`);
    return { ok: false, reason: 'bad_products', unknown };
  }
  const before = await prisma.digestSubscription.findUnique({ where: { channelId: req.channelId } });
  const data = { products: JSON.stringify(products), language: req.language, createdBy: req.actorId, active: true };
  await prisma.digestSubscription.upsert({ where: { channelId: req.channelId }, create: { channelId: req.channelId, ...data }, update: data });
  await audit(
    { products, language: req.language, active: true },
    true,
    undefined,
    before ? { products: JSON.parse(before.products) as string[], language: before.language, active: before.active } : undefined,
  );
  return { ok: true, subscription: { channelId: req.channelId, products, language: req.language, source: 'slack' }, created: !before };
}
