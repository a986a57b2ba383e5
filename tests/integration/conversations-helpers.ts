// Helpers shared by the conversations-*.test.ts files: bounded polling, bots with flows, the simulator.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { TestApp } from '../support/app-harness';

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. Never a fixed long sleep. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 8_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export interface Flow {
  nodes: unknown[];
  edges: unknown[];
}

export interface Api {
  app: TestApp;
  token: string;
}

export async function createBot(api: Api, name: string, opts: { timezone?: string } = {}): Promise<string> {
  const res = await api.app.call('POST', '/api/bots', { token: api.token, body: { name, ...opts } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export async function saveFlow(api: Api, botId: string, flow: Flow): Promise<void> {
  const res = await api.app.call('PUT', `/api/bots/${botId}/flow`, { token: api.token, body: flow });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function publish(api: Api, botId: string): Promise<number> {
  const res = await api.app.call('POST', `/api/bots/${botId}/publish`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.version as number;
}

export async function botWithFlow(api: Api, name: string, flow: Flow, opts: { timezone?: string } = {}): Promise<string> {
  const botId = await createBot(api, name, opts);
  await saveFlow(api, botId, flow);
  return botId;
}

export interface SimulatorAnswer {
  status: number;
  replies: string[];
  conversation: { id: string; status: string; nodeId: string | null; state: Record<string, any> } | null;
  body: any;
}

/** One message from a simulator contact; answers with the texts of the bot's replies. */
export async function say(
  api: Api,
  botId: string,
  contact: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<SimulatorAnswer> {
  const res = await api.app.call('POST', `/api/bots/${botId}/simulator/messages`, { token: api.token, body: { contact, text, ...extra } });
  return {
    status: res.status,
    replies: Array.isArray(res.body?.replies) ? res.body.replies.map((r: { text: string }) => r.text) : [],
    conversation: res.body?.conversation ?? null,
    body: res.body,
  };
}

/** Like say, but the call must succeed. */
export async function sayOk(
  api: Api,
  botId: string,
  contact: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<SimulatorAnswer> {
  const answer = await say(api, botId, contact, text, extra);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
}

export interface TranscriptLine {
  id: string;
  direction: 'in' | 'out';
  text: string;
  sentBy: string;
  nodeId?: string;
  status?: string;
  conversationId: string | null;
}

export async function transcript(api: Api, botId: string, contact: string): Promise<TranscriptLine[]> {
  const res = await api.app.call('GET', `/api/bots/${botId}/conversations/${encodeURIComponent(contact)}/messages`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as TranscriptLine[];
}

export interface JournalEntry {
  seq: number;
  type: string;
  nodeId?: string;
  data: any;
  at: string;
}

export async function journal(api: Api, conversationId: string): Promise<JournalEntry[]> {
  const res = await api.app.call('GET', `/api/conversations/${conversationId}/journal`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as JournalEntry[];
}

export async function conversation(api: Api, conversationId: string): Promise<any> {
  const res = await api.app.call('GET', `/api/conversations/${conversationId}`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalServer {
  port: number;
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 that records every request and answers with `respond`. */
export async function startLocalServer(
  respond: (req: RecordedRequest) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const answer = respond(recorded);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tokens of the timers armed in the conversation's own document (where timers are durable). */
export async function armedTokens(conversationId: string): Promise<string[]> {
  const { ConversationModel } = await import('../../server/src/adapters/mongo/models');
  const { Types } = await import('mongoose');
  const doc = await ConversationModel.collection.findOne({ _id: new Types.ObjectId(conversationId) }, { projection: { timers: 1 } });
  return ((doc?.timers as Array<{ token: string }> | undefined) ?? []).map((t) => t.token);
}

/** Hands this process's timer wheel a timer due now, as if it had missed that the conversation moved past it, and waits until it was delivered. */
export async function fireNow(app: TestApp, conversationId: string, token: string): Promise<void> {
  await app.botloom.timers.scheduleTimer({ conversationId, token }, new Date());
  await until('the timer to be delivered', async () => !app.botloom.timers.held().some((t) => t.token === token && t.conversationId === conversationId));
  await app.botloom.timers.idle();
}
