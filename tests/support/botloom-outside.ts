// Drives a Botloom server from the outside only (its HTTP API and Twilio's signed webhooks), with
// no test framework and no import of the server's code: the bench and the multi-process tests use
// it, so they keep measuring the same thing whatever the runtime inside looks like.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

/** The URL Twilio would call: the server signs-checks over PUBLIC_URL, never the address it listens on. */
export const PUBLIC_URL = 'https://bots.bench.test';
export const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
export const AUTH_TOKEN = 'twilio-auth-token-outside';
export const SMS_FROM = '+15550007777';

export interface Answer {
  status: number;
  body: any; // JSON from the API
}

export type Call = (method: string, path: string, opts?: { token?: string; body?: unknown }) => Promise<Answer>;

export function jsonClient(baseUrl: string, signal?: AbortSignal): Call {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body };
  };
}

function expectStatus(what: string, answer: Answer, status: number): void {
  if (answer.status !== status) throw new Error(`${what} failed: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
}

export async function login(call: Call, admin: { email: string; password: string }): Promise<string> {
  const res = await call('POST', '/api/auth/login', { body: admin });
  expectStatus('login', res, 200);
  return res.body.token as string;
}

/** Saves the flow as the bot's draft and publishes it (webhooks run the published version). */
export async function publishFlow(call: Call, token: string, botId: string, flow: unknown): Promise<void> {
  expectStatus('saving the flow', await call('PUT', `/api/bots/${botId}/flow`, { token, body: flow }), 200);
  const published = await call('POST', `/api/bots/${botId}/publish`, { token });
  // the same content as the live version publishes nothing new (200, unchanged)
  expectStatus('publishing the flow', published, published.body?.unchanged === true ? 200 : 201);
}

/**
 * A bot with a published flow and a Twilio SMS sender allowed 1,000 messages a second (the
 * schema's maximum), so pacing, which models a real number's limit, is not what is measured.
 */
export async function createTwilioBot(call: Call, token: string, name: string, flow: unknown): Promise<string> {
  const bot = await call('POST', '/api/bots', { token, body: { name } });
  expectStatus('creating the bot', bot, 201);
  const botId = bot.body.id as string;
  await publishFlow(call, token, botId, flow);
  const channel = await call('PUT', `/api/bots/${botId}/channels/twilio`, {
    token,
    body: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: SMS_FROM, smsPerSecond: 1000 },
  });
  expectStatus('connecting Twilio', channel, 200);
  return botId;
}

export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

/**
 * POSTs Twilio's inbound-SMS webhook to one server process, signed as Twilio signs it. Resolves
 * with the HTTP status; rejects when the connection fails (a process that is down).
 */
export async function postInboundSms(
  baseUrl: string,
  botId: string,
  msg: { from: string; body: string; sid: string },
  signal?: AbortSignal,
): Promise<number> {
  const path = `/webhooks/twilio/${botId}/messages`;
  const params: Record<string, string> = {
    MessageSid: msg.sid,
    SmsMessageSid: msg.sid,
    AccountSid: ACCOUNT_SID,
    From: msg.from,
    To: SMS_FROM,
    Body: msg.body,
    NumMedia: '0',
  };
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + path, params),
    },
    body: new URLSearchParams(params).toString(),
    signal,
  });
  await res.arrayBuffer();
  return res.status;
}
