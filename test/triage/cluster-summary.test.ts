import { describe, expect, it } from 'vitest';
import { ClusterEngine } from '../../src/triage/cluster/engine.js';
import { summarizeCluster } from '../../src/triage/cluster/summary.js';
import { normalize } from '../../src/triage/normalize.js';

let nextId = 1;
const add = (engine: ClusterEngine, text: string) =>
  engine.add({ id: nextId++, ...normalize(text), text, receivedAt: Date.UTC(2026, 10, 2) });

describe('cluster titles', () => {
  it('keep their title while the cluster grows a little, and retitle once it has grown by a quarter', () => {
    const engine = new ClusterEngine();
    const texts = Array.from({ length: 12 }, (_, i) => `the app logs me out during a transfer, case ${i}`);
    const first = add(engine, texts[0]!);
    for (const t of texts.slice(1, 4)) add(engine, t);
    const at4 = summarizeCluster(engine, first.clusterId, 0)!;
    expect(at4.size).toBe(4);

    add(engine, texts[4]!); // 5 < 4 × 1.25: the title is kept, the counts are fresh
    const at5 = summarizeCluster(engine, first.clusterId, 0, at4)!;
    expect(at5.size).toBe(5);
    expect(at5.title).toBe(at4.title);

    // Once it has grown by a quarter the title is computed again (same text here, so compare the size it was made at).
    for (const t of texts.slice(5)) add(engine, t);
    const grown = summarizeCluster(engine, first.clusterId, 0, { ...at4, title: 'stale title' })!;
    expect(grown.size).toBe(12);
    expect(grown.title).not.toBe('stale title');
    // A cluster that shrank is always retitled.
    const shrunk = summarizeCluster(engine, first.clusterId, 0, { ...grown, size: 20, title: 'stale title' })!;
    expect(shrunk.title).not.toBe('stale title');
  });
});
