// Human labels (relabel, "Tag as…", "Add keyword…") should change what the
// running bot predicts for the next report, not only after a restart. The
// intake pipeline keeps the triager it was opened with, so it gets a stable
// wrapper whose inner triager is swapped once a rebuilt one (taxonomy plus
// the human labels stored so far) is ready. Rebuilds are coalesced: many
// labels in a row cost one or two builds, and a failed build keeps the old one.
import type { Config } from '../config.js';
import { loadTriager, type LoadedTriager } from '../intake/triager.js';
import type { Store } from '../store/client.js';

export interface Retrainable {
  /** For openIntake's `wrapTriager`: the triager the pipeline keeps. */
  wrap(triager: LoadedTriager): LoadedTriager;
  /** Rebuilds from the taxonomy and the stored human labels; resolves once the new one is in use. */
  refresh(): Promise<void>;
}

export function retrainable(build: () => Promise<LoadedTriager>, onError: (error: unknown) => void = () => {}): Retrainable {
  let current: LoadedTriager | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const inner = () => {
    if (!current) throw new Error('the triager is not loaded yet');
    return current;
  };
  const run = async (): Promise<void> => {
    do {
      again = false;
      try {
        current = await build();
      } catch (error) {
        onError(error);
      }
    } while (again);
  };
  return {
    wrap(triager) {
      current = triager;
      return {
        redactOnly: (text) => inner().redactOnly(text),
        triage: (text) => inner().triage(text),
        prepare: (text) => inner().prepare(text),
        get classifier() {
          return inner().classifier;
        },
      };
    },
    refresh() {
      if (running) {
        again = true; // labels changed while building: build once more after this one
        return running;
      }
      running = run().finally(() => (running = undefined));
      return running;
    },
  };
}

/** The intake triager rebuilt from the config and the store, wrapped the same way as at start (tests inject failures). */
export function retrainableIntake(config: Config, store: Store, wrap: (t: LoadedTriager) => LoadedTriager = (t) => t, onError?: (error: unknown) => void): Retrainable {
  // Training takes seconds: off the main thread, so the bot keeps answering Slack meanwhile.
  const learning = retrainable(async () => wrap(await loadTriager(config, store, { offMainThread: true })), onError);
  return { wrap: (t) => learning.wrap(wrap(t)), refresh: learning.refresh };
}
