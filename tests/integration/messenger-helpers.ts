// Helpers for the messenger-*.test.ts files: a local server speaking the Graph API's Send API
// shapes (POST /{version}/me/messages), Meta's page webhook payloads and their X-Hub-Signature-256.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../support/app-harness';
import { startLocalServer, type LocalServer, type RecordedRequest } from './conversations-helpers';

export const PAGE_ID = '104729301283746';
export const PAGE_ACCESS_TOKEN = 'EAAJpagetokenZZ0123456789abcdefTEST';
export const APP_SECRET = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
export const VERIFY_TOKEN = 'messenger-verify-5678';
export const MESSENGER = { pageId: PAGE_ID, pageAccessToken: PAGE_ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };

export interface FakeSendApi extends LocalServer {
  /** The Send API calls, parsed, in order (failed ones too). */
  calls(): Array<{ body: Record<string, any>; authorization?: string; proof: string | null }>;
  /** The next `count` calls answer `status` with `body` instead of a message id. */
  failNext(count: number, status: number, body: unknown): void;
}

/** A local Send API: answers `{recipient_id, message_id:'m_OUT<n>'}` like Meta, records every call, can be told to fail. */
export async function startFakeSendApi(): Promise<FakeSendApi> {
  let n = 0;
  const failures: Array<{ status: number; body: unknown }> = [];
  const server = await startLocalServer((req: RecordedRequest) => {
    if (req.method !== 'POST' || !req.url.startsWith('/v21.0/me/messages')) return { status: 404, body: { error: { message: 'Unknown path', code: 803 } } };
    const failure = failures.shift();
    if (failure) return failure;
    const body = JSON.parse(req.body || '{}') as { recipient?: { id?: string } };
    return { status: 200, body: { recipient_id: body.recipient?.id, message_id: `m_OUT${++n}` } };
  });
  return {
    ...server,
    calls: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.url.startsWith('/v21.0/me/messages'))
        .map((r) => ({
          body: JSON.parse(r.body) as Record<string, any>,
          authorization: r.headers.authorization as string | undefined,
          proof: new URL(r.url, 'http://x').searchParams.get('appsecret_proof'),
        })),
    failNext(count, status, body) {
      for (let i = 0; i < count; i++) failures.push({ status, body });
    },
  };
}

export function sign(body: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let clock = 1_750_000_000_000;

/** One page webhook post carrying `events` from the contact `psid`. */
export function pageEvents(psid: string, ...events: Array<Record<string, unknown>>) {
  return {
    object: 'page',
    entry: [
      {
        id: PAGE_ID,
        time: ++clock,
        messaging: events.map((e) => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: ++clock, ...e })),
      },
    ],
  };
}

export const textMessage = (mid: string, text: string) => ({ message: { mid, text } });
export const quickReply = (mid: string, title: string, payload: string) => ({ message: { mid, text: title, quick_reply: { payload } } });

/** POSTs a payload to the bot's Messenger webhook, signed like Meta signs it unless told otherwise. */
export async function deliver(app: TestApp, botId: string, payload: unknown, opts: { signature?: string | null } = {}): Promise<number> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = opts.signature === undefined ? sign(body) : opts.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await fetch(`${app.url}/webhooks/messenger/${botId}`, { method: 'POST', headers, body });
  await res.text();
  return res.status;
}

export async function connectMessenger(app: TestApp, token: string, botId: string, body: Record<string, unknown> = MESSENGER): Promise<any> {
  const res = await app.call('PUT', `/api/bots/${botId}/channels/messenger`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
