// The bundled demo sample (demo/sample-feedback.jsonl) that `npm start` loads
// when no Slack tokens are set. These checks keep the demo convincing: enough
// items, spread over five weeks with a fuller current week, from many branches,
// in all three scripts, with the planted duplicates, rising problem, must-do
// items and customer data that the README of demo/ promises.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/triage/redact/index.js';

interface SampleItem {
  id: string;
  text: string;
  branch: string;
  channel: string;
  reporter: string;
  days_ago: number;
}

const lines = readFileSync(new URL('../../demo/sample-feedback.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const items = lines.map((line) => JSON.parse(line) as SampleItem);

/** 0 = the last 7 days, 1 = the 7 days before, … 4. */
const weekOf = (item: SampleItem): number => Math.floor(item.days_ago / 7);
const inWeek = (week: number) => items.filter((item) => weekOf(item) === week);

// Characters that exist in only one script: Traditional | Simplified.
const TRADITIONAL = new Set('們帳轉這關號錢還體費銀戶時說會為認證碼問題話現點機錯給經員請貸額換與網單聯開門處應變無邊動發讓對過進難買賣務幫嗎櫃臨約');
const SIMPLIFIED = new Set('们账转这关号钱还体费银户时说会为认证码问题话现点机错给经员请贷额换与网单联开门处应变无边动发让对过进难买卖务帮吗柜临约');
const HAN = /\p{Script=Han}/u;

type Script = 'en' | 'hant' | 'hans' | 'undecided';
function scriptOf(text: string): Script {
  if (!HAN.test(text)) return 'en';
  let hant = 0;
  let hans = 0;
  for (const ch of text) {
    if (TRADITIONAL.has(ch)) hant++;
    else if (SIMPLIFIED.has(ch)) hans++;
  }
  if (hant === hans) return 'undecided';
  return hant > hans ? 'hant' : 'hans';
}

const count = (pattern: RegExp, among: SampleItem[] = items) => among.filter((item) => pattern.test(item.text)).length;

describe('demo sample', () => {
  it('is one valid feedback item per line, with unique ids and non-empty text', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    const ids = new Set<string>();
    for (const [i, item] of items.entries()) {
      expect(item, `line ${i + 1}`).toMatchObject({
        id: expect.stringMatching(/^demo-\d{4}$/),
        text: expect.any(String),
        branch: expect.any(String),
        reporter: expect.stringMatching(/^U0DEMO\d{2}$/),
        days_ago: expect.any(Number),
      });
      expect(item.text.trim(), `line ${i + 1}`).not.toBe('');
      expect(['branch', 'contact_centre', 'app_review', 'social', 'other']).toContain(item.channel);
      ids.add(item.id);
    }
    expect(ids.size).toBe(items.length);
  });

  it('stores relative ages, not dates, so the demo is always current', () => {
    for (const item of items) {
      expect(item.days_ago).toBeGreaterThanOrEqual(0);
      expect(item.days_ago).toBeLessThan(35);
      expect(item).not.toHaveProperty('created_at');
    }
  });

  it('has a fuller current week than the average of the four before it', () => {
    const weeks = [0, 1, 2, 3, 4].map((week) => inWeek(week).length);
    for (const size of weeks) expect(size).toBeGreaterThanOrEqual(40);
    const trailing = (weeks[1]! + weeks[2]! + weeks[3]! + weeks[4]!) / 4;
    expect(weeks[0]!).toBeGreaterThan(trailing);
  });

  it('comes from 15+ branches, the contact centre and other channels', () => {
    const branches = new Set(items.map((item) => item.branch));
    expect(branches.size).toBeGreaterThanOrEqual(15);
    expect(branches).toContain('Contact Centre');
    const channels = new Set(items.map((item) => item.channel));
    expect([...channels].sort()).toEqual(['app_review', 'branch', 'contact_centre', 'other', 'social']);
    for (const item of items.filter((i) => i.channel === 'contact_centre')) expect(item.branch).toBe('Contact Centre');
  });

  it('is written in English, Traditional and Simplified Chinese in reasonable proportions', () => {
    const by: Record<Script, number> = { en: 0, hant: 0, hans: 0, undecided: 0 };
    for (const item of items) by[scriptOf(item.text)]++;
    expect(by.en / items.length).toBeGreaterThanOrEqual(0.3);
    expect(by.hant / items.length).toBeGreaterThanOrEqual(0.2);
    expect(by.hans / items.length).toBeGreaterThanOrEqual(0.2);
    expect(by.undecided / items.length).toBeLessThan(0.1);
  });

  it('plants duplicates: the same complaint from many branches, in all three scripts', () => {
    const logout = items.filter(
      (item) =>
        /transfer|payment|payee|轉帳|转账|转房租/i.test(item.text) &&
        /log(s|ged)? (\w+ )?out|kick|signs? out|logout|session timeout|登出|退出登录|自动退出|登录页|踢/i.test(item.text),
    );
    expect(logout.length).toBeGreaterThanOrEqual(25);
    expect(new Set(logout.map((item) => item.branch)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(logout.map((item) => scriptOf(item.text)))).toEqual(new Set(['en', 'hant', 'hans']));
    expect(count(/ATM (kept|swallowed)|retained by ATM|eaten by the atm|card retention|吞卡|ATM 吞|ATM吞/i)).toBeGreaterThanOrEqual(10);
    expect(count(/OTP|one-time password|verification code|驗證碼|验证码/i)).toBeGreaterThanOrEqual(12);
    expect(count(/annual fee|年費|年费/i)).toBeGreaterThanOrEqual(10);
  });

  it('plants a rising problem: QR payment failures spike this week', () => {
    const qr = /QR|掃碼|扫码|二维码/i;
    const thisWeek = count(qr, inWeek(0));
    const trailing = [1, 2, 3, 4].reduce((sum, week) => sum + count(qr, inWeek(week)), 0) / 4;
    expect(thisWeek).toBeGreaterThanOrEqual(15);
    expect(thisWeek).toBeGreaterThanOrEqual(3 * Math.max(trailing, 1));
  });

  it('has must-do items this week: regulator, unauthorised use, refused service, misleading rate, privacy', () => {
    const week0 = inWeek(0);
    expect(count(/金管會|银保监|Ombudsman/i, week0)).toBeGreaterThanOrEqual(2);
    expect(count(/盜刷|盗刷|unauthori[sz]ed/i, week0)).toBeGreaterThanOrEqual(2);
    expect(count(/拒絕服務|turned away at the counter/i, week0)).toBeGreaterThanOrEqual(2);
    expect(count(/misled|宣传误导/i, week0)).toBeGreaterThanOrEqual(2);
    expect(count(/someone else's monthly statement|发到了别人的邮箱/i, week0)).toBeGreaterThanOrEqual(2);
  });

  it('carries customer data for redaction to remove, and only in a few items', () => {
    const withData = items.filter((item) => Object.keys(redact(item.text).counts).length > 0);
    expect(withData.length).toBeGreaterThanOrEqual(8);
    expect(withData.length).toBeLessThan(items.length / 10);
    const kinds = new Set(withData.flatMap((item) => Object.keys(redact(item.text).counts)));
    for (const kind of ['card', 'tw_id', 'cn_id', 'phone', 'email', 'account']) expect(kinds).toContain(kind);
  });

  it('includes a little chit-chat, as real Slack channels do', () => {
    expect(count(/^(thanks team!|收到|收到，谢谢|ok noted|👍)$/i)).toBeGreaterThanOrEqual(3);
  });
});
