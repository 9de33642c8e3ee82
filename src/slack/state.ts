// The Slack app's state in the database: handled event ids (exactly-once for
// Events API deliveries) and watched channels (configuration plus
// `/feedback watch`), and the intake pipeline as the surfaces see it.
import type { Intake } from '../intake/open.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { appendAudit } from '../store/audit.js';
import type { EventLog, IntakeService, WatchList } from './deps.js';

/** One row per event_id; INSERT OR IGNORE makes the claim atomic across instances. */
export function databaseEventLog(prisma: PrismaClient, now: () => Date = () => new Date()): EventLog & { prune(olderThanMs: number): Promise<number> } {
  return {
    async claim(eventId) {
      const inserted = await prisma.$executeRaw`INSERT OR IGNORE INTO SlackEvent (eventId, type, receivedAt) VALUES (${eventId}, ${'event_callback'}, ${now().getTime()})`;
      return inserted === 1;
    },
    /** Slack retries for about an hour; ids older than that can go. */
    async prune(olderThanMs) {
      return prisma.$executeRaw`DELETE FROM SlackEvent WHERE receivedAt < ${now().getTime() - olderThanMs}`;
    },
  };
}

/** Channels from FRONTLINE_WATCH_CHANNELS are always watched; the rest come from `/feedback watch`. */
export function databaseWatchList(prisma: PrismaClient, configured: readonly string[], now: () => Date = () => new Date()): WatchList {
  const fixed = new Set(configured);
  return {
    async isWatched(channelId) {
      if (fixed.has(channelId)) return true;
      return (await prisma.watchedChannel.findUnique({ where: { channelId } })) !== null;
    },
    async watch(channelId, by) {
      await prisma.$transaction(async (tx) => {
        await tx.watchedChannel.upsert({ where: { channelId }, create: { channelId, addedBy: by }, update: {} });
        await appendAudit(tx, { actorId: by, action: 'channel.watch', subject: `channel:${channelId}`, after: { watched: true }, at: now() });
      });
    },
    async unwatch(channelId, by) {
      await prisma.$transaction(async (tx) => {
        await tx.watchedChannel.deleteMany({ where: { channelId } });
        await appendAudit(tx, { actorId: by, action: 'channel.unwatch', subject: `channel:${channelId}`, after: { watched: false }, at: now() });
      });
    },
  };
}

export function pipelineIntake(intake: Intake): IntakeService {
  return {
    file: (request) => intake.pipeline.file(request),
    edit: async (key, text, at) => void (await intake.updates.edit(key, text, at)),
    erase: async (key, at) => void (await intake.updates.erase(key, at)),
    addContext: async (parentKey, reply) => void (await intake.updates.addContext(parentKey, reply)),
    durable: {
      accept: (request, options) => intake.pipeline.accept(request, options),
      async complete(accepted, live) {
        const outcome = await intake.pipeline.complete(accepted.itemId, { ...live, created: accepted.created });
        if (!outcome) throw new Error(`item ${accepted.itemId} written ahead is gone`);
        return outcome;
      },
      discard: (accepted) => intake.pipeline.discard(accepted.itemId),
      discardAwaiting: (accepted) => intake.pipeline.discardAwaiting(accepted.itemId),
      claimConfirmation: (itemId) => intake.updates.claimConfirmation(itemId),
      releaseConfirmation: (itemId) => intake.updates.releaseConfirmation(itemId),
      onOwed: (handler) => intake.updates.onOwed(handler),
      onAwaitingText: (handler) => intake.updates.onAwaitingText(handler),
      awaitingFailed: (itemId, reason) => intake.updates.awaitingFailed(itemId, reason),
    },
  };
}
