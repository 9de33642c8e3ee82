// Feature strings ↔ dense ids, with document frequencies learned as items
// arrive, so IDF needs no training corpus and adapts to each bank's wording.

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private df = new Int32Array(1024);
  private docs = 0;

  get documentCount(): number {
    return this.docs;
  }

  get size(): number {
    return this.keys.length;
  }

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      if (id >= this.df.length) {
        const grown = new Int32Array(this.df.length * 2);
        grown.set(this.df);
        this.df = grown;
      }
    }
    return id;
  }

  keyOf(id: number): string {
    return this.keys[id] ?? '';
  }

  /** Counts one document containing these feature ids. */
  observe(ids: ArrayLike<number>, step = 2): void {
    this.docs++;
    for (let i = 0; i < ids.length; i += step) this.df[ids[i]!]!++;
  }

  /** Smoothed IDF, ≥ 1: unseen and rare features weigh most. */
  idf(id: number): number {
    return Math.log((this.docs + 1) / ((this.df[id] ?? 0) + 1)) + 1;
  }
}
