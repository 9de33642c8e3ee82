// Feature strings ↔ dense ids, with document frequencies learned as items
// arrive, so IDF needs no training corpus and adapts to each bank's wording.

/** Distinct raw tokens remembered by tokenId (bounds memory on junk input). */
const TOKEN_CACHE_LIMIT = 1_000_000;

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private counts = new Int32Array(1024);
  private readonly hanChars = new Int32Array(0x10000).fill(-1);
  private readonly hanBigrams = new Map<number, number>();
  private readonly tokens = new Map<string, number>();
  /** Ids of the item-tag features (`t:…`), read on every cross-tag comparison. */
  private readonly tagIds = new Set<number>();
  private docs = 0;
  private logDocs = 0;
  /** log(k) for k < logTable.length: IDF is read on every comparison, Math.log is not free. */
  private logTable = new Float64Array(1024);
  private logFilled = 0;

  get documentCount(): number {
    return this.docs;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Id of a feature key, or -1 when it was never seen (does not create one). */
  find(key: string): number {
    return this.ids.get(key) ?? -1;
  }

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      if (key.startsWith('t:')) this.tagIds.add(id);
      if (id >= this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return id;
  }

  /** Id of a single BMP Han character feature (its key is the character). */
  hanCharId(code: number): number {
    const known = this.hanChars[code]!;
    if (known >= 0) return known;
    const id = this.idOf(String.fromCharCode(code));
    this.hanChars[code] = id;
    return id;
  }

  /** Id of a Han character bigram feature (its key is the two characters). */
  hanBigramId(first: number, second: number): number {
    const code = first * 0x10000 + second;
    let id = this.hanBigrams.get(code);
    if (id === undefined) {
      id = this.idOf(String.fromCharCode(first, second));
      this.hanBigrams.set(code, id);
    }
    return id;
  }

  /** Id of the `w:fold(token)` feature, or -1 when `accept` rejects the token (remembered). */
  tokenId(token: string, accept: (token: string) => boolean, fold: (token: string) => string = (t) => t): number {
    let id = this.tokens.get(token);
    if (id === undefined) {
      id = accept(token) ? this.idOf('w:' + fold(token)) : -1;
      if (this.tokens.size < TOKEN_CACHE_LIMIT) this.tokens.set(token, id);
    }
    return id;
  }

  /** Whether the feature is an item's product or issue tag (`t:…`). */
  isTag(id: number): boolean {
    return this.tagIds.has(id);
  }

  keyOf(id: number): string {
    return this.keys[id] ?? '';
  }

  /** Counts one document containing these feature ids. */
  observe(ids: ArrayLike<number>, step = 2): void {
    this.docs++;
    this.logDocs = Math.log(this.docs + 1);
    for (let i = 0; i < ids.length; i += step) this.counts[ids[i]!]!++;
  }

  /** Documents seen so far that contain the feature. */
  df(id: number): number {
    return this.counts[id] ?? 0;
  }

  /** Smoothed IDF, ≥ 1: unseen and rare features weigh most. */
  idf(id: number): number {
    return this.logDocs - this.log((this.counts[id] ?? 0) + 1) + 1;
  }

  private log(k: number): number {
    if (k >= this.logFilled) {
      if (k >= this.logTable.length) {
        const grown = new Float64Array(Math.max(k + 1, this.logTable.length * 2));
        grown.set(this.logTable);
        this.logTable = grown;
      }
      for (let i = this.logFilled; i <= k; i++) this.logTable[i] = Math.log(i);
      this.logFilled = k + 1;
    }
    return this.logTable[k]!;
  }
}
