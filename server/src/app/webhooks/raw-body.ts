// The exact bytes of a webhook's body, for signatures computed over them (Meta's
// X-Hub-Signature-256). Kept by express.json's `verify` hook, for the /webhooks path only.
import type { IncomingMessage } from 'node:http';

const bodies = new WeakMap<IncomingMessage, Buffer>();

/** express.json({ verify }) hook: remembers the raw body of the request. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  bodies.set(req, buf);
}

/** The raw body kept for this request; undefined when no JSON body was parsed. */
export function rawBody(req: IncomingMessage): Buffer | undefined {
  return bodies.get(req);
}
