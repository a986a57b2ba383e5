// Helpers shared by the whatsapp-*.test.ts files: a local server speaking the Graph API's shapes,
// Meta's webhook payloads, and their X-Hub-Signature-256.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../support/app-harness';
import { startLocalServer, type LocalServer, type RecordedRequest } from './conversations-helpers';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const ACCESS_TOKEN = 'EAAGm0PX4ZCpsBAKxtestaccesstokenZZ9x7Q';
export const APP_SECRET = '5f1b0d6c2a9e4b7f8c3d2e1a0b9c8d7e';
export const VERIFY_TOKEN = 'botloom-verify-1234';
export const WHATSAPP = {
  phoneNumberId: PHONE_NUMBER_ID,
  accessToken: ACCESS_TOKEN,
  appSecret: APP_SECRET,
  verifyToken: VERIFY_TOKEN,
  wabaId: WABA_ID,
};

export interface FakeGraph extends LocalServer {
  /** The message bodies POSTed to /{phone-number-id}/messages, parsed, in order (failed calls too). */
  sent(): Array<Record<string, any>>;
  /** The next `count` calls answer `status` with `body` instead of a message id. */
  failNext(count: number, status: number, body?: unknown): void;
}

/** A local Graph API: records requests, answers `{messages:[{id:'wamid.OUT<n>'}]}`, can be told to fail. */
export async function startFakeGraph(): Promise<FakeGraph> {
  let n = 0;
  const failures: Array<{ status: number; body: unknown }> = [];
  const server = await startLocalServer((req: RecordedRequest) => {
    const failure = failures.shift();
    if (failure) return { status: failure.status, body: failure.body };
    const body = JSON.parse(req.body || '{}') as { to?: string };
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.OUT${++n}` }] },
    };
  });
  return {
    ...server,
    sent: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.url.endsWith('/messages'))
        .map((r) => JSON.parse(r.body) as Record<string, any>),
    failNext(count, status, body = { error: { message: 'Something went wrong', type: 'OAuthException', code: 1, fbtrace_id: 'Ax1' } }) {
      for (let i = 0; i < count; i++) failures.push({ status, body });
    },
  };
}

export function sign(body: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let clock = 1_750_000_000;
const timestamp = () => String(++clock);

/** Meta's envelope around one change's value. */
export function envelope(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** One inbound message from `from` (digits), with the profile name Meta sends alongside. */
export function inbound(from: string, message: Record<string, unknown>, name = 'Ada Lovelace') {
  return envelope({ contacts: [{ profile: { name }, wa_id: from }], messages: [{ from, timestamp: timestamp(), ...message }] });
}

export const text = (id: string, body: string) => ({ id, type: 'text', text: { body } });
export const buttonReply = (id: string, replyId: string, title: string) => ({
  id,
  type: 'interactive',
  interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
});
export const listReply = (id: string, replyId: string, title: string) => ({
  id,
  type: 'interactive',
  interactive: { type: 'list_reply', list_reply: { id: replyId, title, description: '' } },
});

export function status(wamid: string, name: string, recipient: string, code?: number) {
  return envelope({
    statuses: [
      {
        id: wamid,
        status: name,
        timestamp: timestamp(),
        recipient_id: recipient,
        ...(code
          ? {
              errors: [
                {
                  code,
                  title: 'Message undeliverable',
                  message: 'Message undeliverable',
                  error_data: { details: 'Message Undeliverable.' },
                },
              ],
            }
          : {}),
      },
    ],
  });
}

/** POSTs a payload to the bot's webhook, signed like Meta signs it unless told otherwise. */
export async function deliver(app: TestApp, botId: string, payload: unknown, opts: { signature?: string | null } = {}): Promise<number> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = opts.signature === undefined ? sign(body) : opts.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await fetch(`${app.url}/webhooks/whatsapp/${botId}`, { method: 'POST', headers, body });
  await res.text();
  return res.status;
}

export async function connectWhatsApp(app: TestApp, token: string, botId: string, body: Record<string, unknown> = WHATSAPP): Promise<any> {
  const res = await app.call('PUT', `/api/bots/${botId}/channels/whatsapp`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
