// The learned text classifier (src/triage/model/) on small synthetic problems:
// it learns, explains, calibrates, round-trips, and survives odd input.
import { describe, expect, it } from 'vitest';
import { LinearModel, trainLinearModel, type SerializedLinearModel } from '../../src/triage/model/index.js';

/** A seeded generator, so every run sees the same texts. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const FILLER = ['please', 'help', 'me', 'today', 'again', 'why', 'is', 'my', 'the', 'it', 'so', 'really', 'this', 'morning'];
const TOPICS: Record<string, string[]> = {
  card_lost: ['lost', 'card', 'stolen', 'wallet', 'missing', 'freeze'],
  transfer_fee: ['transfer', 'fee', 'charged', 'wire', 'commission', 'extra'],
  app_login: ['app', 'login', 'password', 'locked', 'crash', 'otp'],
  atm_cash: ['atm', 'cash', 'withdraw', 'machine', 'notes', 'dispense'],
};
const ZH_TOPICS: Record<string, string[]> = {
  card_lost: ['卡片遺失', '信用卡被偷', '掛失', '錢包不見'],
  app_login: ['網銀登入', '密碼錯誤', '驗證碼', 'APP閃退'],
};

function sentence(words: string[], pick: () => number): string {
  const out: string[] = [];
  const n = 5 + Math.floor(pick() * 5);
  for (let i = 0; i < n; i++) {
    const pool = pick() < 0.45 ? words : FILLER;
    out.push(pool[Math.floor(pick() * pool.length)]!);
  }
  return out.join(' ');
}

function dataset(perLabel: number, seed: number, topics = TOPICS): { text: string; label: string }[] {
  const pick = rng(seed);
  const out: { text: string; label: string }[] = [];
  for (let i = 0; i < perLabel; i++) {
    for (const [label, words] of Object.entries(topics)) out.push({ text: sentence(words, pick), label });
  }
  return out;
}

const train = dataset(60, 1);
const test = dataset(25, 2);
const model = trainLinearModel(train);

describe('learned linear model', () => {
  it('learns a small synthetic problem and labels unseen texts', () => {
    const correct = test.filter((e) => model.predict(e.text, 1)[0]!.label === e.label).length;
    expect(correct / test.length).toBeGreaterThan(0.9);
    expect(model.labels).toEqual(['app_login', 'atm_cash', 'card_lost', 'transfer_fee']);
  });

  it('learns from Chinese text in either script', () => {
    const pick = rng(3);
    const zh = Object.entries(ZH_TOPICS).flatMap(([label, phrases]) =>
      Array.from({ length: 40 }, () => ({ text: `${phrases[Math.floor(pick() * phrases.length)]}，請幫忙處理`, label })),
    );
    const zhModel = trainLinearModel(zh);
    expect(zhModel.predict('我的信用卡被偷了，要掛失', 1)[0]!.label).toBe('card_lost');
    // Simplified script folds onto the same features as Traditional.
    expect(zhModel.predict('网银登入密码错误', 1)[0]!.label).toBe('app_login');
  });

  it('explains a prediction with the words that raised it', () => {
    const [top] = model.predict('the atm would not dispense my cash', 1);
    expect(top!.label).toBe('atm_cash');
    expect(top!.features.length).toBeGreaterThan(0);
    expect(top!.features.some((f) => /atm|cash|dispense/.test(f))).toBe(true);
    // Filler words carry no evidence for the label.
    expect(top!.features).not.toContain('the');
  });

  it('gives calibrated probabilities in [0, 1], summing to 1, most probable first', () => {
    for (const e of test.slice(0, 40)) {
      const ranked = model.predict(e.text, 4);
      expect(ranked).toHaveLength(4);
      for (const p of ranked) {
        expect(p.probability).toBeGreaterThanOrEqual(0);
        expect(p.probability).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.probability).toBeGreaterThanOrEqual(ranked[i]!.probability);
      const all = model.probabilities(e.text);
      expect(all.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it('is more confident on a clear text than on a vague one', () => {
    const clear = model.predict('lost card stolen wallet freeze card', 1)[0]!;
    const vague = model.predict('please help me today', 1)[0]!;
    expect(clear.label).toBe('card_lost');
    expect(clear.probability).toBeGreaterThan(0.8);
    expect(vague.probability).toBeLessThan(clear.probability);
    expect(vague.probability).toBeLessThan(0.6);
  });

  it('is calibrated: among confident predictions, most are right', () => {
    const confident = test.map((e) => ({ e, p: model.predict(e.text, 1)[0]! })).filter(({ p }) => p.probability >= 0.7);
    expect(confident.length).toBeGreaterThan(test.length / 2);
    const right = confident.filter(({ e, p }) => p.label === e.label).length;
    expect(right / confident.length).toBeGreaterThanOrEqual(0.9);
  });

  it('multi-label: a text about two things gets a high probability for both', () => {
    const pick = rng(9);
    const both = Array.from({ length: 40 }, () => sentence([...TOPICS.app_login!, ...TOPICS.transfer_fee!], pick));
    const data = [...train, ...both.flatMap((text) => [{ text, label: 'app_login' }, { text, label: 'transfer_fee' }])];
    const text = 'the app crashed at login and then a transfer fee was charged';
    const multi = trainLinearModel(data, { multiLabel: true });
    const p = (m: LinearModel) => Object.fromEntries(m.labels.map((l, i) => [l, m.probabilities(text)[i]!]));
    expect(p(multi).app_login).toBeGreaterThan(0.5);
    expect(p(multi).transfer_fee).toBeGreaterThan(0.5);
    expect(p(multi).atm_cash).toBeLessThan(0.2);
    // A text about one thing still gets one.
    const single = multi.predict('lost card stolen wallet freeze card', 2);
    expect(single[0]!.label).toBe('card_lost');
    expect(single[1]!.probability).toBeLessThan(0.2);
    // The same data as single-label rows: the two labels share one softmax.
    const shared = p(trainLinearModel(data));
    expect(shared.app_login! + shared.transfer_fee!).toBeLessThanOrEqual(1);
    // The sigmoid survives the round trip.
    expect(LinearModel.fromBytes(multi.toBytes()).probabilities(text)).toEqual(multi.probabilities(text));
  });

  it('round-trips through bytes and JSON with identical predictions', () => {
    const fromBytes = LinearModel.fromBytes(model.toBytes());
    const fromJson = LinearModel.fromJSON(JSON.parse(JSON.stringify(model)) as SerializedLinearModel);
    for (const e of test.slice(0, 20)) {
      const want = model.predict(e.text, 2);
      expect(fromBytes.predict(e.text, 2)).toEqual(want);
      expect(fromJson.predict(e.text, 2)).toEqual(want);
    }
    // An unaligned copy of the bytes decodes too.
    const bytes = model.toBytes();
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(LinearModel.fromBytes(shifted).labels).toEqual(model.labels);
  });

  it('rejects bytes that are not a model with a clear error', () => {
    expect(() => LinearModel.fromBytes(new Uint8Array([1, 2, 3]))).toThrow(/not a frontline linear model/);
    expect(() => LinearModel.fromBytes(model.toBytes().subarray(0, 200))).toThrow(/truncated|not a frontline/);
    expect(() => LinearModel.fromJSON({ format: 'other', version: 1, data: '' } as unknown as SerializedLinearModel)).toThrow(
      /not a frontline linear model/,
    );
  });

  it('handles empty, huge, binary, control-character and emoji-only input without throwing', () => {
    const odd = [
      '',
      '   \n\t ',
      'lost card '.repeat(10_000), // 100 KB
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => i % 256)),
      '\u0000\u0001\u0002\u001b[31m\ud800',
      '😀😀🔥👍',
      'ATM 吞卡了 card 被吞 💳',
    ];
    for (const text of odd) {
      const [top] = model.predict(text, 1);
      expect(model.labels).toContain(top!.label);
      expect(Number.isFinite(top!.probability)).toBe(true);
      expect(top!.probability).toBeGreaterThanOrEqual(0);
      expect(top!.probability).toBeLessThanOrEqual(1);
    }
    // With no evidence at all, no label is confidently chosen.
    expect(model.predict('', 1)[0]!.probability).toBeLessThan(0.6);
  });

  it('trains on tiny or degenerate input without throwing', () => {
    expect(trainLinearModel([{ text: 'only one', label: 'a' }]).predict('anything', 1)[0]!.label).toBe('a');
    const two = trainLinearModel([
      { text: 'card lost', label: 'card' },
      { text: 'atm cash', label: 'atm' },
      { text: '', label: 'atm' },
    ]);
    expect(two.predict('lost card', 1)[0]!.label).toBe('card');
    expect(() => trainLinearModel([])).toThrow(/no training examples/);
  });
});
