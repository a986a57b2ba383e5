import { describe, expect, it } from 'vitest';
import { decideKeywordTrigger, invalidKeywordPattern, judgeKeywordTrigger, type KeywordTrigger } from './keyword-match';

let n = 0;
function trigger(over: Partial<KeywordTrigger>): KeywordTrigger {
  n += 1;
  return { id: `t${n}`, name: `Trigger ${n}`, active: true, priority: 0, keywords: ['menu'], match: 'exact', caseSensitive: false, createdAt: new Date(2026, 0, n), ...over };
}

describe('keyword triggers', () => {
  it('matches exactly, ignoring case, spaces and punctuation around the words', () => {
    const t = trigger({ keywords: ['menu'] });
    for (const text of ['menu', 'MENU', '  Menu!  ', 'menu.']) expect(judgeKeywordTrigger(t, text).matched, text).toBe(true);
    for (const text of ['menus', 'the menu', 'menu please']) expect(judgeKeywordTrigger(t, text).matched, text).toBe(false);
  });

  it('respects case when asked to', () => {
    const t = trigger({ keywords: ['VIP'], caseSensitive: true });
    expect(judgeKeywordTrigger(t, 'VIP').matched).toBe(true);
    expect(judgeKeywordTrigger(t, 'vip').matched).toBe(false);
    expect(judgeKeywordTrigger(t, 'VIP').reason).toContain('same upper and lower case');
  });

  it('finds whole words for contains, starts_with and ends_with', () => {
    const contains = trigger({ keywords: ['price list'], match: 'contains' });
    expect(judgeKeywordTrigger(contains, 'Can I see the price list, please?').matched).toBe(true);
    expect(judgeKeywordTrigger(contains, 'price lists').matched).toBe(false);
    const starts = trigger({ keywords: ['book'], match: 'starts_with' });
    expect(judgeKeywordTrigger(starts, 'Book me in tomorrow').matched).toBe(true);
    expect(judgeKeywordTrigger(starts, 'booking').matched).toBe(false);
    const ends = trigger({ keywords: ['thanks'], match: 'ends_with' });
    expect(judgeKeywordTrigger(ends, 'ok, thanks!').matched).toBe(true);
    expect(judgeKeywordTrigger(ends, 'thanks a lot').matched).toBe(false);
  });

  it('runs patterns on RE2 and reports one RE2 cannot compile', () => {
    const t = trigger({ keywords: ['^order\\s+#?\\d{4,}$'], match: 'regex' });
    expect(judgeKeywordTrigger(t, 'order #12345').matched).toBe(true);
    expect(judgeKeywordTrigger(t, 'my order 12').matched).toBe(false);
    expect(invalidKeywordPattern(['fine', '(unclosed'], false)).toMatchObject({ index: 1 });
    expect(invalidKeywordPattern(['(a+)+$'], false)).toBeNull(); // catastrophic elsewhere, linear on RE2
    // a backreference is not RE2: refused, never run
    expect(invalidKeywordPattern(['(a)\\1'], false)).not.toBeNull();
  });

  it('lets the highest priority win, then the oldest, and says why the others did not', () => {
    const low = trigger({ name: 'Low', keywords: ['help me'], match: 'contains', priority: 1 });
    const high = trigger({ name: 'High', keywords: ['help'], match: 'contains', priority: 5 });
    const off = trigger({ name: 'Off', keywords: ['help'], match: 'contains', priority: 9, active: false });
    const decision = decideKeywordTrigger([low, off, high], 'please help me');
    expect(decision.winner?.name).toBe('High');
    expect(decision.verdicts.map((v) => v.name)).toEqual(['Off', 'High', 'Low']);
    expect(decision.verdicts[0]!.reason).toBe('the trigger is switched off');
    expect(decision.verdicts[2]!.reason).toContain('“High” comes first (higher priority)');

    const older = trigger({ name: 'Older', keywords: ['hi'], priority: 0 });
    const newer = trigger({ name: 'Newer', keywords: ['hi'], priority: 0 });
    const tie = decideKeywordTrigger([newer, older], 'hi');
    expect(tie.winner?.name).toBe('Older');
    expect(tie.verdicts[1]!.reason).toContain('same priority, made earlier');
  });

  it('fires nothing when no trigger matches, and explains each', () => {
    const decision = decideKeywordTrigger([trigger({ name: 'Menu', keywords: ['menu', 'start over'] })], 'hello');
    expect(decision.winner).toBeNull();
    expect(decision.verdicts[0]!.reason).toBe('no keyword matched (the message must be exactly “menu” or “start over”)');
  });
});
