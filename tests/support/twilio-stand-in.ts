// A local stand-in for Twilio's Messages REST API, with no test framework in it, so the bench and
// the multi-process tests can share it. The server's real twilio SDK is pointed at it with
// TWILIO_API_BASE_URL; every accepted message is recorded with the moment it arrived.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioSendRecord {
  to: string;
  from: string;
  body: string;
  sid: string;
  /** When the stand-in received the call: epoch milliseconds with sub-millisecond precision. */
  at: number;
}

export interface TwilioStandIn {
  url: string;
  /** Accepted messages in the order they arrived. */
  sends: TwilioSendRecord[];
  /** Called for every accepted message as it arrives (the bench closes its loop on this). */
  onSend(listener: (send: TwilioSendRecord) => void): void;
  close(): Promise<void>;
}

export const nowMs = () => performance.timeOrigin + performance.now();

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const sends: TwilioSendRecord[] = [];
  const listeners: ((send: TwilioSendRecord) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = nowMs();
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (req.method === 'GET' && match) {
        // Twilio's message list, as the SDK's messages.list() reads it: filtered by To and From, newest first
        const to = url.searchParams.get('To');
        const from = url.searchParams.get('From');
        const size = Number(url.searchParams.get('PageSize') ?? 50);
        const found = sends.filter((s) => (!to || s.to === to) && (!from || s.from === from)).reverse().slice(0, size);
        const messages = found.map((s) => ({ sid: s.sid, account_sid: match[1], to: s.to, from: s.from, body: s.body, status: 'queued', date_created: new Date(s.at).toUTCString() }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ messages, page: 0, page_size: size, start: 0, end: Math.max(0, messages.length - 1), uri: url.pathname, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null }));
        return;
      }
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const sid = `SM${(sends.length + 1).toString(16).padStart(32, '0')}`;
      const record: TwilioSendRecord = { to: form.To ?? '', from: form.From ?? '', body: form.Body ?? '', sid, at };
      sends.push(record);
      for (const listener of listeners) listener(record);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid, status: 'queued', account_sid: match[1], to: record.to, from: record.from, body: record.body }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends,
    onSend: (listener) => void listeners.push(listener),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
