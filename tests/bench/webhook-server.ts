// The "CRM" the flow's webhook_action calls: answers POST /tickets/<contact> with a ticket id.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookServer {
  port: number;
  /** Requests answered so far. */
  hits(): number;
  close(): Promise<void>;
}

export const ticketFor = (contact: string) => `T-${contact}`;

export async function startWebhookServer(delayMs = 0): Promise<WebhookServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits++;
      const contact = decodeURIComponent(/^\/tickets\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? 'unknown');
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
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
