// Helpers for the channels-*.test.ts files: a local fake of Twilio's REST API (the real twilio SDK
// is pointed at it with TWILIO_API_BASE_URL) and Twilio's webhooks, signed the way Twilio signs them.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { twilioSignature } from '../../server/src/adapters/twilio/twilio-signature';
import { startLocalServer, type Api, type LocalServer } from './conversations-helpers';
import { startTestApp, type TestApp } from '../support/app-harness';

export const PUBLIC_URL = 'https://bots.example.test';
export const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
export const AUTH_TOKEN = 'twilio-auth-token-channels';
export const SMS_FROM = '+15550009999';
export const WHATSAPP_FROM = '+15550008888';

export interface TwilioSend {
  /** The form Twilio's Messages API received (To, From, Body or ContentSid/ContentVariables...). */
  form: Record<string, string>;
  sid: string;
  /** When the fake received it (ms, high resolution). */
  at: number;
}

export interface FakeTwilio extends LocalServer {
  /** Messages Twilio accepted, in the order it received them. */
  sends: TwilioSend[];
  /** Every Messages API call, accepted or not. */
  attempts: number;
  /** From now on answer 503 (an outage) until called with false. */
  outage(on: boolean): void;
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const sends: TwilioSend[] = [];
  let down = false;
  let attempts = 0;
  const server = await startLocalServer((req) => {
    if (!(req.method === 'POST' && req.url.endsWith('/Messages.json')))
      return { status: 404, body: { code: 20404, message: 'Not found', status: 404 } };
    attempts++;
    if (down) return { status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } };
    const form = Object.fromEntries(new URLSearchParams(req.body));
    const sid = `SM${String(sends.length + 1).padStart(32, '0')}`;
    sends.push({ form, sid, at: performance.timeOrigin + performance.now() });
    return {
      status: 201,
      body: { sid, status: 'queued', account_sid: ACCOUNT_SID, to: form.To, from: form.From, body: form.Body ?? null },
    };
  });
  const fake = Object.assign(server, {
    sends,
    attempts: 0,
    outage(on: boolean) {
      down = on;
    },
  });
  Object.defineProperty(fake, 'attempts', { get: () => attempts });
  return fake;
}

export async function connectTwilio(api: Api, botId: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await api.app.call('PUT', `/api/bots/${botId}/channels/twilio`, {
    token: api.token,
    body: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: SMS_FROM, whatsappFrom: WHATSAPP_FROM, ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** POSTs a Twilio webhook to `baseUrl` + path, signed over PUBLIC_URL + path (or with the given signature). */
export async function postTwilioWebhook(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  opts: { signature?: string; authToken?: string } = {},
): Promise<number> {
  const signature = opts.signature ?? twilioSignature(opts.authToken ?? AUTH_TOKEN, PUBLIC_URL + path, params);
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

export const nextMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

/** Twilio's inbound-message parameters for an SMS (or a WhatsApp message with `whatsapp: true`). */
export function inboundParams(
  from: string,
  body: string,
  opts: { whatsapp?: boolean; messageSid?: string; profileName?: string } = {},
): Record<string, string> {
  const sid = opts.messageSid ?? nextMessageSid();
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: opts.whatsapp ? `whatsapp:${from}` : from,
    To: opts.whatsapp ? `whatsapp:${WHATSAPP_FROM}` : SMS_FROM,
    Body: body,
    NumMedia: '0',
    ...(opts.profileName ? { ProfileName: opts.profileName } : {}),
  };
}

/** The contact sends a message through Twilio's inbound webhook; expects Twilio's 200. */
export async function contactSays(
  api: Api,
  botId: string,
  from: string,
  body: string,
  opts: { whatsapp?: boolean; messageSid?: string; profileName?: string; baseUrl?: string } = {},
): Promise<void> {
  const status = await postTwilioWebhook(
    opts.baseUrl ?? api.app.url,
    `/webhooks/twilio/${botId}/messages`,
    inboundParams(from, body, opts),
  );
  expect(status).toBe(200);
}

/** Twilio's status callback for a message it sent. */
export async function statusCallback(api: Api, botId: string, sid: string, status: string, errorCode?: string): Promise<number> {
  return postTwilioWebhook(api.app.url, `/webhooks/twilio/${botId}/status`, {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: ACCOUNT_SID,
    MessageStatus: status,
    SmsStatus: status,
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  });
}

/** What the fake Twilio sent to this address (SMS, or WhatsApp with `whatsapp:`), in order. */
export const sentTo = (twilio: FakeTwilio, to: string) => twilio.sends.filter((s) => s.form.To === to);
export const bodiesTo = (twilio: FakeTwilio, to: string) => sentTo(twilio, to).map((s) => s.form.Body ?? `[template ${s.form.ContentSid}]`);

/** A fake Twilio plus a Botloom that sends to it and signs webhooks over PUBLIC_URL, signed in. */
export async function startAppWithFakeTwilio(label: string): Promise<{ twilio: FakeTwilio; app: TestApp; api: Api }> {
  const twilio = await startFakeTwilio();
  const app = await startTestApp({ label, env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url } });
  return { twilio, app, api: { app, token: await app.login() } };
}
