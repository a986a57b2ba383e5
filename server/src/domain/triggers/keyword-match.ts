// Which keyword trigger an inbound text fires, and why. Pure: the runtime calls it for every
// inbound message (after the consent layer), the `test` endpoint calls it to explain a text.
// Regular expressions run on RE2 (linear time), like conditions, so no pattern can hang the server.
import { MATCH_WORDS } from '@botloom/shared';
import { RE2JS } from 're2js';

export type KeywordMatchMode = 'exact' | 'contains' | 'starts_with' | 'ends_with' | 'regex';

export interface KeywordTrigger {
  id: string;
  name: string;
  active: boolean;
  priority: number;
  keywords: string[];
  match: KeywordMatchMode;
  caseSensitive: boolean;
  /** When it was created: the older of two equal priorities wins, so the choice never flickers. */
  createdAt: Date;
}

export interface KeywordVerdict {
  triggerId: string;
  name: string;
  matched: boolean;
  /** The keyword that matched, when one did. */
  keyword?: string;
  /** In plain words, for the test box and the trigger log. */
  reason: string;
}

export interface KeywordDecision {
  /** The trigger that fires, if any. */
  winner: KeywordVerdict | null;
  /** Every trigger considered, best first: what the test endpoint shows. */
  verdicts: KeywordVerdict[];
}

const MAX_INPUT = 4_000;

/** Compiles a keyword as a pattern; throws RE2's own message when it cannot. */
export function compileKeywordPattern(pattern: string, caseSensitive: boolean): RE2JS {
  return RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
}

/** The first keyword of the list that RE2 cannot compile, with why; null when all compile. */
export function invalidKeywordPattern(keywords: string[], caseSensitive: boolean): { index: number; message: string } | null {
  for (const [index, keyword] of keywords.entries()) {
    try {
      compileKeywordPattern(keyword, caseSensitive);
    } catch (err) {
      return { index, message: err instanceof Error ? err.message : String(err) };
    }
  }
  return null;
}

/** Words compare on their letters, not on the spaces and punctuation around them ("Menu!" is "menu"). */
function normalise(text: string, caseSensitive: boolean): string {
  const squeezed = text
    .normalize('NFC')
    .trim()
    .replace(/\s+/gu, ' ')
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '');
  return caseSensitive ? squeezed : squeezed.toLocaleLowerCase();
}

/** Whether `keyword` occurs in `text` as whole words (so "menu" does not fire on "menus"). */
function containsWords(text: string, keyword: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(keyword, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + keyword.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = at + 1;
  }
}

function keywordMatches(mode: KeywordMatchMode, text: string, keyword: string, caseSensitive: boolean): boolean {
  if (mode === 'regex') {
    try {
      return compileKeywordPattern(keyword, caseSensitive).matcher(text.slice(0, MAX_INPUT)).find();
    } catch {
      return false; // refused when saved; an old invalid pattern simply never matches
    }
  }
  const t = normalise(text, caseSensitive);
  const k = normalise(keyword, caseSensitive);
  if (k === '') return false;
  switch (mode) {
    case 'exact':
      return t === k;
    case 'contains':
      return containsWords(t, k);
    case 'starts_with':
      return t === k || (t.startsWith(k) && !/[\p{L}\p{N}]/u.test(t[k.length]!));
    case 'ends_with':
      return t === k || (t.endsWith(k) && !/[\p{L}\p{N}]/u.test(t[t.length - k.length - 1]!));
  }
}

const MODE_NEEDS: Record<KeywordMatchMode, string> = {
  exact: 'be exactly',
  contains: 'contain',
  starts_with: 'start with',
  ends_with: 'end with',
  regex: 'match the pattern',
};


export function judgeKeywordTrigger(trigger: KeywordTrigger, text: string): KeywordVerdict {
  const base = { triggerId: trigger.id, name: trigger.name };
  if (!trigger.active) return { ...base, matched: false, reason: 'the trigger is switched off' };
  const keyword = trigger.keywords.find((k) => keywordMatches(trigger.match, text, k, trigger.caseSensitive));
  if (keyword === undefined) {
    const quoted = trigger.keywords.map((k) => `“${k}”`);
    const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0];
    return { ...base, matched: false, reason: `no keyword matched (the message must ${MODE_NEEDS[trigger.match]} ${list})` };
  }
  const casing = trigger.caseSensitive ? ' (same upper and lower case)' : '';
  return { ...base, matched: true, keyword, reason: `the message ${MATCH_WORDS[trigger.match]} “${keyword}”${casing}` };
}

/** Orders triggers the way they are tried: highest priority first, then the oldest. */
export function byPriority<T extends { priority: number; createdAt: Date }>(a: T, b: T): number {
  return b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime();
}

/** Decides which keyword trigger a text fires: the matching trigger with the highest priority. */
export function decideKeywordTrigger(triggers: KeywordTrigger[], text: string): KeywordDecision {
  const ordered = [...triggers].sort(byPriority);
  const verdicts = ordered.map((t) => judgeKeywordTrigger(t, text));
  const first = verdicts.findIndex((v) => v.matched);
  if (first < 0) return { winner: null, verdicts };
  const winner = verdicts[first]!;
  for (const [i, v] of verdicts.entries()) {
    if (!v.matched || i === first) continue;
    const why = ordered[i]!.priority === ordered[first]!.priority ? 'same priority, made earlier' : 'higher priority';
    v.reason += `, but “${winner.name}” comes first (${why})`;
  }
  return { winner, verdicts };
}
