// What a contact's message says about consent, before any bot logic sees it. Carriers' keywords
// (CTIA: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, plus REVOKE and OPTOUT) count only as the
// whole message; plain-language revocations ("please stop texting me") are recognised by a few
// anchored phrasings, so a sentence that merely contains "stop" or "cancel" ("I can't stop
// smiling", "cancel my appointment") is never an opt-out. Pure: no I/O.

import { normalizeConsentText, optOutKeywordOf } from '@botloom/shared';

// the keyword list and the normalisation are shared with the flow validator (opt-out words as choices)
export { OPT_OUT_KEYWORDS, normalizeConsentText } from '@botloom/shared';

export type ConsentIntent =
  { kind: 'opt_out'; via: 'keyword' | 'phrase'; matched: string } | { kind: 'opt_in'; matched: string } | { kind: 'help'; matched: string };

export const OPT_IN_KEYWORDS = ['start', 'unstop'] as const;
/** Opts back in only when the contact has opted out; otherwise it is an ordinary answer. */
export const OPT_IN_WHEN_OPTED_OUT = ['yes'] as const;
export const HELP_KEYWORDS = ['help', 'info'] as const;

// Building blocks of the plain-language phrasings. Every pattern is anchored at both ends.
const POLITE = '(?:(?:please|pls|plz|kindly|ok|okay|hey|hi|just)[ ,]+)*';
const TAIL =
  '(?:[ ,]+(?:please|pls|plz|now|thanks|thank you|thx|immediately|asap|already|anymore|any more|again|ever|for good|at all|right now))*';
const ME = '(?:me|us|this number|my number)';
const CONTACT_VERBS = '(?:text|txt|message|msg|sms|contact|send|write|spam|bother|call|email|e-mail|ping)';
const CONTACT_GERUNDS = '(?:texting|txting|messaging|msging|smsing|contacting|sending|writing|spamming|bothering|calling|emailing|pinging)';
const MESSAGES = '(?:messages|message|texts|text|msgs|sms|smss|notifications|reminders|marketing|promotions|updates|alerts)';
const LIST =
  '(?:list|lists|mailing list|texts|messages|this|it|your list|the list|this list|your messages|these messages|these texts|your texts|this service|the service)';
const DONT = "(?:don't|dont|do not|never|no more|please don't|please do not)";
const WANT = "(?:i want to|i wanna|i would like to|i'd like to|i need to|let me|can i|can you|could you|please)";

const PHRASES: RegExp[] = [
  // "stop texting me", "please stop sending me messages", "stop all messages", "stop it"
  `${POLITE}stop(?: it| that)?(?: all)?(?: ${CONTACT_GERUNDS}(?: ${ME})?(?: (?:any|these|those|your|the) )?(?: ?${MESSAGES})?| ${MESSAGES}| all ${MESSAGES})?${TAIL}`,
  // "don't text me anymore", "do not contact me", "never message me again", "don't send me texts"
  `${POLITE}${DONT} ${CONTACT_VERBS} ${ME}(?: (?:any more|any|more|these|those|your|the))?(?: ${MESSAGES})?${TAIL}`,
  // "no more texts", "no more messages please"
  `${POLITE}no more ${MESSAGES}${TAIL}`,
  // "opt out", "opt-out", "opt me out", "i want to opt out of this"
  `${POLITE}(?:${WANT} )?opt(?: me)?[ -]?out(?: of (?:${LIST}|${MESSAGES}))?${TAIL}`,
  // "unsubscribe me", "please unsubscribe me from this list", "i want to unsubscribe"
  `${POLITE}(?:${WANT} )?unsubscribe(?: ${ME})?(?: from (?:${LIST}|${MESSAGES}))?${TAIL}`,
  // "remove me", "remove me from your list", "delete my number", "take me off this list"
  `${POLITE}(?:${WANT} )?(?:remove|delete) (?:me|my number|this number)(?: from (?:${LIST}|${MESSAGES}|your (?:contacts|database)))?${TAIL}`,
  `${POLITE}(?:${WANT} )?take (?:me|my number|this number) off(?: of)? (?:${LIST}|${MESSAGES}|your (?:contacts|database))${TAIL}`,
  // "leave me alone"
  `${POLITE}leave me alone${TAIL}`,
  // the unambiguous keywords with a courtesy: "stop please", "please unsubscribe" (not "cancel please":
  // in a booking conversation that is about an appointment)
  `${POLITE}(?:stop|stopall|unsubscribe|optout|revoke)${TAIL}`,
].map((source) => new RegExp(`^${source}$`, 'u'));

/** Plain-language revocations are short; a long message is a conversation, not a request. */
const MAX_PHRASE_LENGTH = 80;

export function classifyConsent(text: string, opts: { optedOut: boolean }): ConsentIntent | null {
  const normalized = normalizeConsentText(text);
  if (normalized === '') return null;
  const word = optOutKeywordOf(normalized);
  if (word) return { kind: 'opt_out', via: 'keyword', matched: word };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(normalized)) return { kind: 'opt_in', matched: normalized };
  if (opts.optedOut && (OPT_IN_WHEN_OPTED_OUT as readonly string[]).includes(normalized)) return { kind: 'opt_in', matched: normalized };
  if ((HELP_KEYWORDS as readonly string[]).includes(normalized)) return { kind: 'help', matched: normalized };
  if (normalized.length <= MAX_PHRASE_LENGTH && PHRASES.some((re) => re.test(normalized)))
    return { kind: 'opt_out', via: 'phrase', matched: normalized };
  return null;
}
