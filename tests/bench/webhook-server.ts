// The "CRM" the flows' webhook_action calls: answers POST /tickets/<contact> (or any path) with a
// ticket id for the contact named last in the path, and tells listeners when each request arrived.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookServer {
  port: number;
  /** Requests answered so far. */
  hits(): number;
  /** Called with the request's path and the moment it arrived (epoch ms) for every request. */
  onRequest(listener: (path: string, at: number) => void): void;
  close(): Promise<void>;
}

export const ticketFor = (contact: string) => `T-${contact}`;

export async function startWebhookServer(delayMs = 0): Promise<WebhookServer> {
  let hits = 0;
  const listeners: ((path: string, at: number) => void)[] = [];
  const server = createServer((req, res) => {
    const at = performance.timeOrigin + performance.now();
    for (const listener of listeners) listener(decodeURIComponent(req.url ?? ''), at);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits++;
      const contact = decodeURIComponent(/\/([^/?]+)(?:\?.*)?$/.exec(req.url ?? '')?.[1] ?? 'unknown');
      const answer = () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ticket: ticketFor(contact), received: Buffer.concat(chunks).length }));
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    onRequest: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
