// The last check on a model's reply before a contact reads it: a reply may only quote prices the
// builder's knowledge gives, and may never tell the contact that something was booked, moved or
// cancelled (only the booking step does that, against the real calendar). A reply that breaks
// either rule is replaced by the fallback.

/** Money as people write it: "$60", "60 €", "EUR 60", "60 dollars", "£1,200.50". */
const AMOUNT = /(?:[$€£¥]|\b(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$€£¥]|\b(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks)\b)/giu;
const BOOKING_CLAIM =
  /\b(?:you(?:'re| are) (?:all )?(?:booked|scheduled|confirmed)|i(?:'ve| have)? (?:booked|scheduled|reserved|confirmed|cancell?ed|moved|rescheduled)|we(?:'ve| have) (?:booked|scheduled|reserved|confirmed|cancell?ed|moved|rescheduled)|(?:appointment|booking|reservation|visit) (?:is|has been|was) (?:now )?(?:confirmed|booked|scheduled|reserved|cancell?ed|moved|rescheduled)|(?:booking|appointment|reservation) confirmed)\b/i;

const digitsOf = (amount: string) => amount.replace(/[^\d.]/g, '').replace(/\.0+$/, '').replace(/\.$/, '');

/** Why the reply may not be sent, or null when it may. */
export function guardReply(reply: string, knowledge: string | undefined): string | null {
  if (BOOKING_CLAIM.test(reply)) return 'the reply claimed a booking change';
  const known = new Set([...(knowledge ?? '').matchAll(/\d[\d,.]*/g)].map((m) => digitsOf(m[0].replace(/,/g, ''))));
  for (const match of reply.matchAll(AMOUNT)) {
    if (!known.has(digitsOf(match[0].replace(/,/g, '')))) return `the reply named a price the knowledge does not give (${match[0].trim()})`;
  }
  return null;
}
