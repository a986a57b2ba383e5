// The production path: contacts write through Twilio's signed inbound webhook to the bot's
// published flow, and the bot's replies reach the Twilio stand-in through the server's real
// twilio SDK. A conversation is done when its last reply reaches the stand-in; the next contact
// starts then (a closed loop with `concurrency` conversations in flight).
import { newMessageSid, postInboundSms } from '../support/botloom-outside';
import type { TwilioSendRecord } from '../support/twilio-stand-in';
import { nowMs } from '../support/twilio-stand-in';
import { expectedReplies, INBOUND_TEXT } from './bench-flow';
import type { BenchStack } from './bench-stack';

export interface TwilioOutcome {
  /** Inbound webhook sent -> first reply at the provider, and -> last reply (ms). */
  firstMs: number;
  lastMs: number;
  replies: number;
  error?: string;
}

const CONVERSATION_TIMEOUT_MS = 60_000;

interface Pending {
  expected: string[];
  got: TwilioSendRecord[];
  done(): void;
}

/** Routes the stand-in's record to the conversation waiting for it (by the contact's number). */
export function replyRouter(stack: BenchStack) {
  const pending = new Map<string, Pending>();
  stack.twilio.onSend((send) => {
    const p = pending.get(send.to);
    if (!p) return;
    p.got.push(send);
    if (p.got.length >= p.expected.length) p.done();
  });
  return pending;
}

export function twilioConversation(stack: BenchStack, botId: string, pending: Map<string, Pending>) {
  return async (contact: string): Promise<TwilioOutcome> => {
    const expected = expectedReplies(contact);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const entry: Pending = { expected, got: [], done };
    pending.set(contact, entry);
    const t0 = nowMs();
    try {
      const status = await postInboundSms(stack.server().url, botId, { from: contact, body: INBOUND_TEXT, sid: newMessageSid() });
      if (status !== 200) return { firstMs: NaN, lastMs: NaN, replies: 0, error: `webhook answered HTTP ${status}` };
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        finished.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), CONVERSATION_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      const got = entry.got;
      const outcome = { firstMs: (got[0]?.at ?? NaN) - t0, lastMs: (got.at(-1)?.at ?? NaN) - t0, replies: got.length };
      if (timedOut) return { ...outcome, error: `only ${got.length} of ${expected.length} replies within ${CONVERSATION_TIMEOUT_MS} ms` };
      const bodies = got.map((g) => g.body);
      if (JSON.stringify(bodies) !== JSON.stringify(expected))
        return { ...outcome, error: `replies ${JSON.stringify(bodies).slice(0, 200)}` };
      return outcome;
    } catch (err) {
      return { firstMs: NaN, lastMs: NaN, replies: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    } finally {
      pending.delete(contact);
    }
  };
}

/** E.164 numbers, distinct per phase: +1 555 <phase digit> <6 digits>. */
export const phoneNumbers = (phaseDigit: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `+1555${phaseDigit}${String(i).padStart(6, '0')}`);
