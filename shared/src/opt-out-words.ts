// The carrier opt-out keywords, in one place: the server's consent classifier unsubscribes a
// contact whose whole message is one of them, and the flow validator warns when a choice the bot
// offers is one (a contact who picks it by typing it would be unsubscribed instead).

/** CTIA's STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, plus REVOKE and OPTOUT; compared in lower case. */
export const OPT_OUT_KEYWORDS = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout'] as const;

/** Lower case, straight apostrophes, single spaces, no surrounding spaces or trailing punctuation. */
export function normalizeConsentText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'([]+|["')\]]+$/g, '')
    .replace(/[\s.!?,;:…~*\p{Extended_Pictographic}\uFE0F\u200D]+$/u, '')
    .trim();
}

/** The keyword a message is, when the whole message is one ("Cancel", "opt-out", "STOP!"), else null. */
export function optOutKeywordOf(text: string): string | null {
  const word = normalizeConsentText(text).replace(/-/g, ''); // "opt-out", "stop-all"
  return (OPT_OUT_KEYWORDS as readonly string[]).includes(word) ? word : null;
}
