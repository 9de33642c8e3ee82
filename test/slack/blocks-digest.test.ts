import { describe, expect, it } from 'vitest';
import { digestMessages, LIMITS, type Block, type DigestMessage } from '../../src/slack/blocks/digest.js';
import type { Digest, DigestCluster } from '../../src/digest/types.js';
import type { Language } from '../../src/slack/blocks/i18n.js';

function cluster(id: number, over: Partial<DigestCluster> = {}): DigestCluster {
  return {
    id, title: `Cluster ${id}`, product: 'cards', issues: ['fees_interest'], status: 'open', dismissedVolume: null,
    firstSeen: new Date('2026-01-01T00:00:00Z'), items: 31, branches: 12, channels: 2, trailingItems: 40, flags: {}, negative: 3,
    lane: 'top', score: 21.4, trailingAverage: 10, trend: 3.1, isNew: false, rising: true, resurfaced: false, severity: 0.5, weight: 1,
    mustDoFlags: [], tagNames: ['cards', 'fees & interest'],
    quotes: [
      { itemId: id * 10, text: 'Customer was charged the annual fee twice on card ending [CARD-1234]', permalink: 'https://bank.slack.com/archives/C01/p1700000000000100' },
      { itemId: id * 10 + 1, text: '客戶說年費被收了兩次，很不滿', permalink: null },
    ],
    ...over,
  };
}

function digest(language: Language, over: Partial<Digest> = {}): Digest {
  return {
    week: '2026-W47', from: '2026-11-16', to: '2026-11-22', timeZone: 'Asia/Taipei', language, products: [], productNames: [],
    totals: { items: 412, clusters: 57, branches: 18, mustDo: 1, newClusters: 4, rising: 3, unclassified: 9 },
    mustDo: [cluster(7, { lane: 'must_do', mustDoFlags: ['major_risk'], flags: { major_risk: 2 }, title: 'Unauthorised transfers after OTP phishing SMS', items: 2, branches: 2, channels: 1, trend: null, trailingItems: 0, rising: false, score: 6.2 })],
    top: [cluster(1), cluster(2, { title: 'App logs out mid-transfer', isNew: true, rising: false, trend: null, trailingItems: 0, items: 9, branches: 5, channels: 1, weight: 1.5 }), cluster(3, { rising: false, trend: 0.5, items: 5, branches: 1, resurfaced: true })],
    leftOut: { clusters: 53, items: 301, dismissed: 2 },
    ...over,
  };
}

describe('digest Block Kit messages', () => {
  for (const language of ['en', 'zh-TW', 'zh-CN'] as const) {
    it(`matches the snapshot in ${language}`, () => {
      expect(digestMessages(digest(language), 10)).toMatchSnapshot();
    });
  }

  it('explains each score in one line', () => {
    const [message] = digestMessages(digest('en'), 10);
    const text = JSON.stringify(message!.blocks);
    expect(text).toContain('31 reports · 12 branches · 2 channels · ▲ 3.1× vs 4-wk avg');
    expect(text).toContain('9 reports · 5 branches · first seen this week · weight 1.5×');
    expect(text).toContain('▼ 0.5× vs 4-wk avg');
    expect(text).toContain('Not shown: 53 more clusters (301 reports) below the top 10.');
  });

  it('says so when there is nothing must-do', () => {
    const [message] = digestMessages(digest('en', { mustDo: [] }), 10);
    expect(JSON.stringify(message!.blocks)).toContain('Nothing must-do this week.');
  });
});

/** Every Block Kit limit the digest can run into (blockkit-limits.json). */
function limitProblems(message: DigestMessage): string[] {
  const problems: string[] = [];
  const blocks = message.blocks;
  if (blocks.length > 50) problems.push(`${blocks.length} blocks`);
  const ids = new Set<string>();
  let chars = 0;
  for (const b of blocks as Block[]) {
    chars += JSON.stringify(b).length;
    if (b.block_id) {
      if (ids.has(b.block_id)) problems.push(`duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
      if (b.block_id.length > 255) problems.push('block_id too long');
    }
    if (b.type === 'header' && (b.text.text.length > 150 || b.text.type !== 'plain_text')) problems.push('header');
    if (b.type === 'section' && (b.text.text.length > 3000 || b.text.text.length < 1)) problems.push(`section ${b.text.text.length}`);
    if (b.type === 'context') {
      if (b.elements.length > 10) problems.push('context elements');
      for (const e of b.elements) if (e.text.length > 3000) problems.push('context text');
    }
    if (b.type === 'actions') {
      if (b.elements.length > 25) problems.push('actions elements');
      for (const e of b.elements) {
        if (e.text.text.length > 75) problems.push('button text');
        if (e.value.length > 2000) problems.push('button value');
        if (e.action_id.length > 255) problems.push('action_id');
      }
    }
  }
  if (chars > LIMITS.messageChars) problems.push(`${chars} characters of blocks`);
  if (message.text.length > 4000) problems.push('fallback text');
  return problems;
}

describe('Block Kit limits', () => {
  it('hold for a week of 500 clusters with 3000-character texts, continuing in thread replies', () => {
    const long = 'x'.repeat(2990) + ' 收不到OTP 😡';
    const many = Array.from({ length: 500 }, (_, i) =>
      cluster(i + 1, {
        title: `${i + 1} ${long}`,
        tagNames: Array.from({ length: 20 }, () => long.slice(0, 150)),
        quotes: [
          { itemId: 1, text: long, permalink: `https://bank.slack.com/archives/C01/p${'9'.repeat(3000)}` },
          { itemId: 2, text: long, permalink: 'https://bank.slack.com/archives/C01/p1' },
        ],
        lane: i < 460 ? 'must_do' : 'top',
        mustDoFlags: i < 460 ? ['compliance', 'customer_rights', 'major_risk'] : [],
      }),
    );
    const d = digest('zh-TW', {
      mustDo: many.slice(0, 460),
      top: many.slice(460),
      products: ['cards'],
      productNames: [long],
    });
    const messages = digestMessages(d, 40);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    // Nothing is dropped: every cluster has its buttons in exactly one message, in rank order.
    const shown = messages.flatMap((m) => m.blocks.filter((b) => b.type === 'actions').map((b) => b.block_id));
    expect(shown).toEqual(many.map((c) => `cluster_actions:${c.id}`));
    // Long texts are visibly shortened, and link to the full item.
    const first = JSON.stringify(messages[0]!.blocks);
    expect(first).toContain('…');
    expect(first).toContain('|全文>');
    // The channel message says the digest continues in the thread; replies say which part they are.
    expect(first).toContain(`還有 ${messages.length - 1} 則`);
    expect(messages[1]!.blocks[0]).toMatchObject({ type: 'context' });
    expect(JSON.stringify(messages[1]!.blocks[0])).toContain(`第 2/${messages.length} 則`);
    expect(messages.map((m) => m.part)).toEqual(messages.map((_, i) => i + 1));
  });
});
