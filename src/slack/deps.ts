// What the Slack app needs from the rest of Frontline, as small interfaces, so
// surfaces can be tested with fakes and wired to the real pipeline and store.
import type { IntakeOutcome, IntakeRequest } from '../intake/types.js';
import type { Logger } from '../log.js';
import type { SlackApi } from './client.js';
import type { DigestHereService } from './commands/digest-here.js';

/** The intake pipeline as the Slack surfaces see it. Keys come from `intakeKeys`. */
export interface IntakeService {
  /** Files one item (idempotent per `intakeKey`); resolves once it is stored. */
  file(request: IntakeRequest): Promise<IntakeOutcome>;
  /** A captured message was edited: its item gets the new text (re-triaged). */
  edit(intakeKey: string, text: string, at: Date): Promise<void>;
  /** A captured message was deleted: its item's text is removed. */
  erase(intakeKey: string, at: Date): Promise<void>;
  /** A thread reply under a captured message: added to that item as context. */
  addContext(parentIntakeKey: string, reply: ThreadReply): Promise<void>;
  /** Write-ahead before the ack, processing after it (src/slack/capture.ts); without it surfaces use file() after the ack. */
  durable?: import('../intake/types.js').DurableIntake;
}

export interface ThreadReply {
  /** Intake key of the reply message itself (idempotency). */
  intakeKey: string;
  /** Slack ts of the reply. */
  ts: string;
  text: string;
  authorId?: string | undefined;
  at: Date;
}

/** Exactly-once for Events API deliveries (Slack retries; some arrive twice). */
export interface EventLog {
  /** True the first time an event id is claimed, false for every repeat. */
  claim(eventId: string): Promise<boolean>;
}

/** Channels where every top-level human message becomes an item. */
export interface WatchList {
  isWatched(channelId: string): Promise<boolean>;
  watch(channelId: string, by: string): Promise<void>;
  unwatch(channelId: string, by: string): Promise<void>;
}

export interface ProductChoice {
  id: string;
  name: string;
}

export interface SlackSettings {
  /** Reaction name (no colons) that captures a message. */
  captureEmoji: string;
  /** Capture from Slack Connect (externally shared) channels. */
  allowExternalChannels: boolean;
  /** User ids allowed to run `/feedback watch`. */
  admins: readonly string[];
  /** Products offered in the modal (taxonomy ids and display names). */
  products: readonly ProductChoice[];
  /** Issues offered when a reporter fixes tags. */
  issues?: readonly ProductChoice[];
  /** Channel that gets an immediate alert (redacted text only) for must-do items. */
  escalationChannel?: string | undefined;
}

/** A reporter's correction of an item's tags (Fix tags): stored as human labels and audited. */
export interface TagFixer {
  /** Throws ActionError (forbidden / stale / invalid) with a message for the user. */
  fix(actorId: string, itemId: number, labels: { product?: string | undefined; issue?: string | undefined }): Promise<void>;
  /** The item's current tags, to pre-fill the modal. */
  current(itemId: number): Promise<{ product?: string; issue?: string } | null>;
}

export interface SlackDeps {
  api: SlackApi;
  intake: IntakeService;
  events: EventLog;
  watchList: WatchList;
  settings: SlackSettings;
  tagFixer?: TagFixer;
  /** `/feedback digest here` (src/slack/commands/digest-here.ts); absent, the command says it isn't available. */
  digestHere?: DigestHereService;
  /** PM actions and the App Home (src/slack/actions/); without it those listeners are off. */
  pm?: import('../actions/flows/port.js').PmFlowDeps;
  log: Logger;
  now?: () => Date;
}

/** In-memory implementations: for tests, and the defaults before a database is wired. */
export function memoryEventLog(): EventLog & { claimed: Set<string> } {
  const claimed = new Set<string>();
  return {
    claimed,
    async claim(eventId) {
      if (claimed.has(eventId)) return false;
      claimed.add(eventId);
      return true;
    },
  };
}

export function memoryWatchList(initial: Iterable<string> = []): WatchList & { channels: Set<string> } {
  const channels = new Set(initial);
  return {
    channels,
    isWatched: async (id) => channels.has(id),
    watch: async (id) => void channels.add(id),
    unwatch: async (id) => void channels.delete(id),
  };
}
