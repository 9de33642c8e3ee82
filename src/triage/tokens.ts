// Tokens of folded text (see foldText): the shared vocabulary of the keyword
// matcher, the learned classifier and clustering.
// - Latin words: Porter-stemmed ("charged", "charges" → "charg"); apostrophes
//   inside words are dropped ("don't" → "dont"). Words with digits ("3ds",
//   "v5") are kept whole; pure digit runs become the one token NUMBER_TOKEN,
//   so amounts and dates don't split otherwise-identical complaints.
// - Han runs: see CHINESE_MODE and src/bench/tokens.ts for the measurement
//   that chose it.
// The scanner walks char codes once; stems are cached, so the English hot
// path allocates little more than the token strings themselves.
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

// natural by deep path only (the package entry costs 0.5 s); it has no types.
const requireCjs = createRequire(import.meta.url);
const porter = requireCjs('natural/lib/natural/stemmers/porter_stemmer.js') as {
  stem(word: string): string;
};

/** Stands for any run of digits. */
export const NUMBER_TOKEN = '<num>';

/** How Han runs become tokens. */
export type ChineseMode = 'words' | 'bigrams' | 'chars+bigrams' | 'words+bigrams';

/**
 * Default, chosen by the bench section `tokens` on the BQ corpus dev pairs
 * (10,000 bank customer-service question pairs), best-threshold accuracy of
 * TF-IDF cosine / set cosine, and tokenize speed on 3,000 BQ sentences:
 *   words (jieba + BANK_WORDS)  0.670 / 0.672    ~0.5 M items/s
 *   bigrams                     0.684 / 0.678    ~7.5 M items/s
 *   chars+bigrams               0.697 / 0.692    ~5.0 M items/s
 *   words+bigrams               0.681 / 0.675    ~0.5 M items/s
 * Characters plus bigrams win on both counts, and need no 110 ms jieba load.
 */
export const CHINESE_MODE: ChineseMode = 'chars+bigrams';

/**
 * Banking words jieba's general dictionary splits or misses, in folded
 * (Simplified, 账-not-帐) form, Taiwan and mainland vocabulary both. Data,
 * not code: add words here when a keyword keeps getting split.
 */
export const BANK_WORDS: readonly string[] = (
  // accounts and deposits
  '账号 账户 户口 开户 销户 结清 存款 活期 定期 定存 活存 数位账户 数字账户 电子账户 二类户 三类户 ' +
  '余额 存折 存摺 对账单 账单 冻结 解冻 警示户 静止户 久悬户 印鉴 ' +
  // cards
  '信用卡 借记卡 储蓄卡 金融卡 提款卡 簽账卡 签账卡 附卡 正卡 虚拟卡 实体卡 卡号 卡片 开卡 激活 启用 ' +
  '吞卡 锁卡 冻卡 盗刷 刷卡 拒刷 年费 循环利息 循环信用 最低应缴 分期 分期付款 账单分期 ' +
  '额度 临时额度 调额 提额 降额 红利 红利点数 积分 点数 回馈 现金回馈 里程 境外交易 海外交易 ' +
  '3d验证 安全码 到期日 停卡 挂失 补卡 换卡 ' +
  // loans
  '贷款 房贷 车贷 信贷 信用贷款 个人信贷 房屋贷款 利率 利息 违约金 提前还款 提前清偿 宽限期 还款 缴款 ' +
  '逾期 催收 征信 联徵 联征 抵押 担保 保证人 ' +
  // payments and transfers
  '转账 汇款 跨行 跨境 约定账户 非约定 收款人 付款人 手续费 跨行手续费 外汇 汇率 换汇 结汇 购汇 ' +
  '扫码 扫码支付 二维码 条码 行动支付 移动支付 电子支付 第三方支付 快捷支付 代扣 自动扣款 ' +
  '云闪付 支付宝 微信支付 街口 悠游卡 一卡通 台湾pay ' +
  // digital channels
  '网银 网路银行 网上银行 网络银行 手机银行 行动银行 手机网银 app 闪退 卡顿 当机 死机 白屏 黑屏 ' +
  '登入 登录 登出 注销 密码 验证码 动态密码 简讯 短信 收不到 人脸识别 刷脸 指纹 生物辨识 ' +
  '绑定 解绑 更新 升级 版本 系统维护 维修中 连不上 转圈 ' +
  // wealth
  '基金 理财 理财产品 保险 保单 投资 赎回 申购 净值 定期定额 信托 ' +
  // branch, ATM, contact centre
  '分行 支行 网点 柜台 柜员 行员 临柜 排队 叫号 号码牌 等候 取号 提款机 存款机 存提款机 取款机 ' +
  '客服 客服中心 专线 语音 真人客服 转接 ' +
  // fraud, compliance, customer rights
  '诈骗 电诈 假冒 钓鱼 盗用 未经授权 盗领 洗钱 反洗钱 实名 实名认证 身份验证 身分证 身份证 ' +
  '个资 个人资料 隐私 外泄 泄露 投诉 客诉 申诉 金管会 银保监 监管 消保 长辈 老人 高龄 视障 无障碍'
)
  .split(' ')
  .filter((w) => w.length > 0);

let segmenter: Jieba | undefined;

/**
 * jieba with its default dictionary plus BANK_WORDS, loaded on first use:
 * the default tokenisation doesn't need it, and loading costs ~70 ms of
 * import plus ~90 ms of dictionary building, which cold start should not pay.
 */
function bankSegmenter(): Jieba {
  if (segmenter === undefined) {
    const { Jieba: JiebaClass } = requireCjs('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = requireCjs('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    const s = JiebaClass.withDict(dict);
    s.loadDict(new TextEncoder().encode(BANK_WORDS.map((w) => `${w} 200000`).join('\n')));
    segmenter = s;
  }
  return segmenter;
}

const STEM_CACHE_LIMIT = 100_000;
const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    // Porter is meant for words; very long runs (garbage, hashes) stay whole.
    s = word.length > 40 ? word : porter.stem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

export function isWordCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z (text is folded, so no A-Z)
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0xdf && c <= 0x24f && c !== 0xf7) || // Latin-1 and Extended letters
    (c >= 0x41 && c <= 0x5a) // A-Z, in case a caller passes unfolded text
  );
}

/** Adjacent character pairs of a Han run (appended to `out`); a one-character run is itself. */
export function charBigrams(run: string, out: string[] = []): string[] {
  if (run.length === 1) {
    out.push(run);
    return out;
  }
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

function pushHanRun(run: string, mode: ChineseMode, out: string[]): void {
  if (mode === 'words' || mode === 'words+bigrams') {
    for (const w of bankSegmenter().cut(run, false)) out.push(w);
  } else if (mode === 'chars+bigrams' && run.length > 1) {
    for (const ch of run) out.push(ch);
  }
  if (mode !== 'words') charBigrams(run, out);
}

function pushWord(word: string, hasDigit: boolean, hasLetter: boolean, out: string[]): void {
  if (!hasLetter) out.push(NUMBER_TOKEN);
  else if (hasDigit) out.push(word);
  else out.push(stem(word));
}

/** One Latin word read by scanLatinWord (a shared, reused result: read it before the next call). */
export interface ScannedWord {
  /** The word with in-word apostrophes dropped (don't → dont). */
  word: string;
  /** Offset just past the word. */
  end: number;
  hasDigit: boolean;
  hasLetter: boolean;
}

const scanned: ScannedWord = { word: '', end: 0, hasDigit: false, hasLetter: false };

/** The Latin word that starts at `start` (where isWordCode holds), apostrophes inside it dropped. */
export function scanLatinWord(text: string, start: number): ScannedWord {
  const n = text.length;
  let i = start;
  let word = '';
  let hasDigit = false;
  let hasLetter = false;
  let segStart = i;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (isWordCode(d)) {
      if (d <= 0x39) hasDigit = true;
      else hasLetter = true;
      i++;
    } else if ((d === 0x27 || d === 0x2019) && i > start && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
      word += text.slice(segStart, i);
      i++;
      segStart = i;
    } else break;
  }
  scanned.word = word + text.slice(segStart, i);
  scanned.end = i;
  scanned.hasDigit = hasDigit;
  scanned.hasLetter = hasLetter;
  return scanned;
}

/** Tokens of folded text with an explicit Chinese mode (for the benchmark). */
export function tokenizeWith(folded: string, mode: ChineseMode): string[] {
  const out: string[] = [];
  if (typeof folded !== 'string') return out;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const c = folded.charCodeAt(i);
    if (isWordCode(c)) {
      const w = scanLatinWord(folded, i);
      i = w.end;
      pushWord(w.word, w.hasDigit, w.hasLetter, out);
    } else if (isHanCode(c)) {
      const start = i;
      while (i < n && isHanCode(folded.charCodeAt(i))) i++;
      pushHanRun(folded.slice(start, i), mode, out);
    } else {
      i++;
    }
  }
  return out;
}

/** Tokens of folded text: stemmed Latin words, NUMBER_TOKEN, Chinese tokens. */
export function tokenize(folded: string): string[] {
  return tokenizeWith(folded, CHINESE_MODE);
}
