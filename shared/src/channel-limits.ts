// What each channel can show, in one place: the runtime's rendering, the engine's reading of replies
// and the studio's warnings all follow these numbers, so they never disagree.

/** WhatsApp Cloud API limits for interactive messages. */
export const WHATSAPP_LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  /** The body of an interactive (buttons or list) message. */
  interactiveBody: 1024,
  /** The label of the button that opens a list. */
  listButton: 20,
} as const;

/** Facebook Messenger's Send API limits: quick replies under a text, and the text itself. */
export const MESSENGER_LIMITS = {
  quickReplies: 13,
  quickReplyTitle: 20,
  /** A text message (and the text that carries quick replies). */
  text: 2000,
} as const;

/** Twilio's SMS limits: a body of at most 1600 characters, split by the carrier into segments. */
export const SMS_LIMITS = {
  maxLength: 1600,
  gsmSegment: 160,
  gsmConcatSegment: 153,
  ucs2Segment: 70,
  ucs2ConcatSegment: 67,
} as const;

/** "1. Red\n2. Green": how choices read as plain text (SMS, the simulator, the fallback everywhere). */
export function numberedChoices(choices: readonly string[]): string {
  return choices.map((c, i) => `${i + 1}. ${c}`).join('\n');
}

/** The text with its choices listed under it, as SMS shows it. */
export function withNumberedChoices(text: string, choices: readonly string[] | undefined): string {
  if (!choices || choices.length === 0) return text;
  return [text, numberedChoices(choices)].filter((part) => part !== '').join('\n');
}

export type WhatsAppChoicePlan =
  | { kind: 'buttons' }
  | { kind: 'list' }
  | { kind: 'numbered'; reason: 'no_choices' | 'too_many' | 'title_too_long' | 'body_unusable' | 'titles_unusable' };

const chars = (s: string) => Array.from(s).length;

/**
 * How WhatsApp shows a message with choices, degrading rather than cutting a label: reply buttons
 * for up to 3 choices whose titles fit 20 characters, else a list of up to 10 rows whose titles fit
 * 24, else the text with numbered options (what SMS shows). Buttons and lists also need a non-empty
 * body within WhatsApp's limit and distinct, non-empty titles.
 */
export function planWhatsAppChoices(body: string, choices: readonly string[]): WhatsAppChoicePlan {
  const titles = choices.map((c) => c.trim());
  if (titles.length === 0) return { kind: 'numbered', reason: 'no_choices' };
  if (titles.length > WHATSAPP_LIMITS.listRows) return { kind: 'numbered', reason: 'too_many' };
  if (body.trim() === '' || chars(body) > WHATSAPP_LIMITS.interactiveBody) return { kind: 'numbered', reason: 'body_unusable' };
  if (titles.some((t) => t === '') || new Set(titles).size !== titles.length) return { kind: 'numbered', reason: 'titles_unusable' };
  const longest = Math.max(...titles.map(chars));
  if (titles.length <= WHATSAPP_LIMITS.buttons && longest <= WHATSAPP_LIMITS.buttonTitle) return { kind: 'buttons' };
  if (longest <= WHATSAPP_LIMITS.rowTitle) return { kind: 'list' };
  return { kind: 'numbered', reason: 'title_too_long' };
}

export type MessengerChoicePlan =
  | { kind: 'quick_replies' }
  | { kind: 'numbered'; reason: 'no_choices' | 'too_many' | 'title_too_long' | 'body_unusable' | 'titles_unusable' };

/**
 * How Messenger shows a message with choices: quick replies (up to 13, titles up to 20 characters,
 * under a non-empty text of at most 2000), else the text with numbered options, never a cut label.
 */
export function planMessengerChoices(body: string, choices: readonly string[]): MessengerChoicePlan {
  const titles = choices.map((c) => c.trim());
  if (titles.length === 0) return { kind: 'numbered', reason: 'no_choices' };
  if (titles.length > MESSENGER_LIMITS.quickReplies) return { kind: 'numbered', reason: 'too_many' };
  if (body.trim() === '' || chars(body) > MESSENGER_LIMITS.text) return { kind: 'numbered', reason: 'body_unusable' };
  if (titles.some((t) => t === '') || new Set(titles).size !== titles.length) return { kind: 'numbered', reason: 'titles_unusable' };
  if (Math.max(...titles.map(chars)) > MESSENGER_LIMITS.quickReplyTitle) return { kind: 'numbered', reason: 'title_too_long' };
  return { kind: 'quick_replies' };
}

// GSM 03.38: the 7-bit SMS alphabet; the extension characters take two septets each.
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** How many SMS segments the carrier bills for one message of this text. */
  segments: number;
  /** The characters that forced UCS-2 (emoji, curly quotes...), each once. */
  nonGsm: string[];
}

export function smsSegments(text: string): SmsSegments {
  const nonGsm = [...new Set(Array.from(text).filter((c) => !GSM_BASIC.has(c) && !GSM_EXTENSION.has(c)))];
  if (nonGsm.length === 0) {
    const septets = Array.from(text).reduce((n, c) => n + (GSM_EXTENSION.has(c) ? 2 : 1), 0);
    const segments = septets <= SMS_LIMITS.gsmSegment ? 1 : Math.ceil(septets / SMS_LIMITS.gsmConcatSegment);
    return { encoding: 'GSM-7', segments, nonGsm };
  }
  const units = text.length; // UTF-16 code units: an emoji takes two
  const segments = units <= SMS_LIMITS.ucs2Segment ? 1 : Math.ceil(units / SMS_LIMITS.ucs2ConcatSegment);
  return { encoding: 'UCS-2', segments, nonGsm };
}

/**
 * Splits a text longer than one SMS body (1600 characters) into parts that each fit, at line breaks
 * or spaces where it can, never inside a character. Short texts come back as one part.
 */
export function splitSmsBody(text: string, max: number = SMS_LIMITS.maxLength): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    // never split a surrogate pair (an emoji)
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut -= 1;
    const window = rest.slice(0, cut);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (breakAt > max / 2) cut = breakAt;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]+/, '');
  }
  if (rest !== '' || parts.length === 0) parts.push(rest);
  return parts;
}
