import { describe, expect, it } from 'vitest';
import { cleanText, foldText, normalize } from '../../src/triage/normalize.js';
import { detectScript } from '../../src/triage/script.js';
import { charBigrams, NUMBER_TOKEN, tokenize } from '../../src/triage/tokens.js';

// The same complaint as a Taiwan teller and a mainland teller would type it.
// Lexical differences (登入/登录, 簡訊/短信) are deliberately absent: folding
// unifies the script, not the vocabulary.
const SAME_COMPLAINT: [hant: string, hans: string][] = [
  ['我的帳號被凍結了', '我的账号被冻结了'],
  ['ATM 吞卡了，怎麼辦？', 'ATM 吞卡了，怎么办？'],
  ['手續費怎麼又漲了', '手续费怎么又涨了'],
  ['APP 閃退，無法登入', 'APP 闪退，无法登入'],
  ['網銀轉帳失敗', '网银转账失败'],
  ['信用卡年費太貴了', '信用卡年费太贵了'],
  ['收不到簡訊驗證碼', '收不到简讯验证码'],
  ['帳戶餘額顯示錯誤', '账户余额显示错误'],
  ['跨行匯款要等三天', '跨行汇款要等三天'],
  ['分期付款的利息怎麼算', '分期付款的利息怎么算'],
  ['客服電話一直打不通', '客服电话一直打不通'],
  ['櫃檯排隊等了一個小時', '柜台排队等了一个小时'],
  ['信用卡被盜刷了三筆', '信用卡被盗刷了三笔'],
  ['線上開戶一直卡在身分驗證', '线上开户一直卡在身份验证'],
  ['定期存款利率調降沒有通知', '定期存款利率调降没有通知'],
  ['房貸提前還款要收違約金嗎', '房贷提前还款要收违约金吗'],
  ['基金贖回後錢還沒入帳', '基金赎回后钱还没入账'],
  ['掃碼支付一直顯示交易失敗', '扫码支付一直显示交易失败'],
  ['外匯匯率跟網站上的不一樣', '外汇汇率跟网站上的不一样'],
  ['老人家不會用手機銀行', '老人家不会用手机银行'],
  ['視障客戶無法使用語音服務', '视障客户无法使用语音服务'],
  ['紅利點數兌換的商品還沒收到', '红利点数兑换的商品还没收到'],
  ['個資外洩，客戶要投訴', '个资外泄，客户要投诉'],
  ['提款機故障，錢沒吐出來但已扣款', '提款机故障，钱没吐出来但已扣款'],
  ['希望App可以加指紋登入', '希望App可以加指纹登入'],
  ['行員態度很差', '行员态度很差'],
  ['信用卡額度被降低了，沒有任何通知', '信用卡额度被降低了，没有任何通知'],
  ['境外交易被收了兩次手續費', '境外交易被收了两次手续费'],
  ['對帳單上的金額跟實際扣款不符', '对账单上的金额跟实际扣款不符'],
  ['裡面的說明寫得不清楚', '里面的说明写得不清楚'],
  ['這週系統維護，網路銀行無法登入', '这周系统维护，网路银行无法登入'],
  ['臺灣Pay 綁卡失敗', '台湾Pay 绑卡失败'],
  ['客戶很著急要辦理掛失', '客户很着急要办理挂失'],
  ['客戶想瞭解貸款方案', '客户想了解贷款方案'],
  ['綫上客服都沒人回', '线上客服都没人回'],
  ['為什麼轉帳要收這麼多錢', '为什么转账要收这么多钱'],
  ['OTP 收不到，沒辦法付款', 'OTP 收不到，没办法付款'],
];

describe('foldText: zh-Hant and zh-Hans fold to one form', () => {
  it.each(SAME_COMPLAINT)('%s ≡ %s', (hant, hans) => {
    expect(foldText(hant)).toBe(foldText(hans));
    expect(tokenize(foldText(hant))).toEqual(tokenize(foldText(hans)));
  });

  it('leaves Simplified input as mainland users write it (什么 stays 什么, 账 not 帐)', () => {
    expect(foldText('为什么账号被锁')).toBe('为什么账号被锁');
    expect(foldText('怎么转账')).toBe('怎么转账');
  });

  it('keeps lexically different words apart (登入 vs 登录, 簡訊 vs 短信)', () => {
    expect(foldText('登入')).not.toBe(foldText('登录'));
    expect(foldText('簡訊')).not.toBe(foldText('短信'));
  });
});

describe('foldText: width, case, invisible characters', () => {
  it('folds full-width letters and digits (ＡＴＭ → atm, １２３ → 123)', () => {
    expect(foldText('ＡＴＭ吞卡')).toBe('atm吞卡');
    expect(foldText('ＯＴＰ　１２３')).toBe('otp 123');
  });

  it('lower-cases and squeezes whitespace', () => {
    expect(foldText('  The APP   Crashed\n\tAgain ')).toBe('the app crashed again');
  });

  it('removes zero-width and bidi marks, turns controls into spaces', () => {
    expect(foldText('log\u200bin fail\u202eed')).toBe('login failed');
    expect(foldText('card\u0000declined\u0007')).toBe('card declined');
  });

  it('drops lone surrogates instead of throwing', () => {
    expect(cleanText('a\ud800b\udc00c')).toBe('abc');
    expect(foldText('卡\ud83d')).toBe('卡');
  });
});

describe('bad input never throws', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['whitespace', ' \n\t\u3000 '],
    ['100 KB', '手續費 fee charged '.repeat(6000)],
    ['binary', Array.from({ length: 2000 }, (_, i) => String.fromCharCode(i % 256)).join('')],
    ['emoji only', '😡😡🙏🏻👍🏽‍'],
    ['lone surrogates', '\ud800\udfff\ud800'],
    ['digits only', '1'.repeat(100_000)],
  ];
  it.each(inputs)('%s', (_name, text) => {
    const n = normalize(text);
    expect(typeof n.folded).toBe('string');
    expect(Array.isArray(n.tokens)).toBe(true);
    expect(['en', 'zh-Hant', 'zh-Hans', 'mixed', 'unknown']).toContain(n.script);
  });

  it('empty, whitespace and emoji-only texts are script unknown with no tokens', () => {
    for (const t of ['', '   ', '😡😡🙏🏻']) {
      expect(normalize(t)).toEqual({ folded: foldText(t), script: 'unknown', tokens: [] });
    }
  });
});

describe('detectScript', () => {
  it.each([
    ['The app logged me out mid-transfer', 'en'],
    ['手續費怎麼又漲了', 'zh-Hant'],
    ['手续费怎么又涨了', 'zh-Hans'],
    ['APP 閃退', 'zh-Hant'],
    ['APP 闪退', 'zh-Hans'],
    ['OTP 收不到', 'zh-Hant'], // only shared characters: the Taiwan default
    ['ATM 吞卡 OTP 收不到 APP 閃退', 'zh-Hant'],
    ['我用 Apple Pay 綁 Visa 失敗', 'zh-Hant'],
    ['customer says the app 閃退 every time', 'mixed'],
    ['客户说 the transfer is still pending 已经三天了', 'mixed'],
    ['ＡＴＭ ｉｓ ｄｏｗｎ', 'en'],
    ['😀👍', 'unknown'],
    ['12345 !!!', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });

  it('zh-Hant and zh-Hans versions of the same complaint are told apart', () => {
    let agree = 0;
    for (const [hant, hans] of SAME_COMPLAINT) {
      if (detectScript(hant) === 'zh-Hant' && detectScript(hans) === 'zh-Hans') agree++;
    }
    // A few pairs share every character with both scripts (e.g. OTP 收不到).
    expect(agree).toBeGreaterThanOrEqual(SAME_COMPLAINT.length - 2);
  });
});

describe('tokenize', () => {
  it('stems English so charged/charges/charge match', () => {
    const t = (s: string) => tokenize(foldText(s));
    expect(t('charged')).toEqual(t('charges'));
    expect(t('charge')).toEqual(t('charging'));
    expect(t("I don't know why")).toEqual(['i', 'dont', 'know', 'why']);
  });

  it('turns digit runs into one number token and keeps words with digits', () => {
    expect(tokenize(foldText('paid 1500 for 3ds'))).toEqual(['paid', NUMBER_TOKEN, 'for', '3ds']);
  });

  it('splits English product words out of Chinese and gives Chinese characters and bigrams', () => {
    expect(tokenize(foldText('APP閃退'))).toEqual(['app', '闪', '退', '闪退']);
    expect(tokenize(foldText('卡'))).toEqual(['卡']);
  });

  it('charBigrams gives adjacent pairs', () => {
    expect(charBigrams('手续费')).toEqual(['手续', '续费']);
    expect(charBigrams('卡')).toEqual(['卡']);
  });
});
