// The load generator's side: one simulated conversation, a bounded pool.
import type { Call } from '../support/botloom-outside';
import { expectedReplies, INBOUND_TEXT } from './bench-flow';

export interface Outcome {
  ms: number;
  replies: number;
  error?: string;
}

/** One contact sends one message; the answer must carry both replies and a completed conversation. */
export async function converse(call: Call, token: string, botId: string, contact: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact, text: INBOUND_TEXT } });
    const ms = performance.now() - started;
    const texts: unknown[] = Array.isArray(res.body?.replies) ? res.body.replies.map((r: { text?: unknown }) => r.text) : [];
    if (res.status !== 200) return { ms, replies: texts.length, error: `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}` };
    const expected = expectedReplies(contact);
    if (JSON.stringify(texts) !== JSON.stringify(expected))
      return { ms, replies: texts.length, error: `replies ${JSON.stringify(texts).slice(0, 200)}` };
    if (res.body.conversation?.status !== 'completed')
      return { ms, replies: texts.length, error: `conversation ${res.body.conversation?.status}` };
    return { ms, replies: texts.length };
  } catch (err) {
    return { ms: performance.now() - started, replies: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; stops taking new items on abort. */
export async function pool<T, R>(items: T[], concurrency: number, signal: AbortSignal, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) results.push(await work(items[next++]!));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
