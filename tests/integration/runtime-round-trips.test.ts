// Database round trips on the production message path, counted with the MongoDB driver's command
// monitoring (deterministic: commands, not time): a signed Twilio webhook to a published flow, until
// the reply reaches a local stand-in of Twilio's REST API. Budgets (issue 9): one answer <= 6, the
// five-step flow with its webhook <= 10. Caches are warmed by another contact first, as on a running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { ACCOUNT_SID, connectTwilio, contactSays, PUBLIC_URL } from './channels-helpers';
import { botWithFlow, publish, startLocalServer, until, type Api, type LocalServer } from './conversations-helpers';

/** Driver housekeeping, not work done for a message. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'buildInfo', 'saslStart', 'saslContinue', 'endSessions', 'killCursors']);

/**
 * The timer wheel's background scan ("timers due by then", every few seconds whatever the traffic):
 * work done per unit of time, not per message, and so not counted here (Agenda's polling, which it
 * replaces, ran on a connection of its own and was never seen here either). The bench counts it.
 */
function isTimerScan(event: { commandName: string; command: Record<string, unknown> }): boolean {
  return event.commandName === 'find' && event.command.find === 'conversations' && JSON.stringify(event.command.filter ?? {}).includes('"timerAt"');
}

interface Command {
  name: string;
  collection: string;
}

let app: TestApp;
let api: Api;
let crm: LocalServer;
let twilio: LocalServer;
const commands: Command[] = [];
/** For each message Twilio received: the recipient and how many commands had run by then. */
const received: Array<{ to: string; body: string; commandsSoFar: number }> = [];

beforeAll(async () => {
  twilio = await startLocalServer((req) => {
    if (!(req.method === 'POST' && req.url.endsWith('/Messages.json'))) return { status: 404, body: { code: 20404, message: 'Not found', status: 404 } };
    const form = Object.fromEntries(new URLSearchParams(req.body));
    received.push({ to: form.To!, body: form.Body ?? '', commandsSoFar: commands.length });
    const sid = `SM${String(received.length).padStart(32, '0')}`;
    return { status: 201, body: { sid, status: 'queued', account_sid: ACCOUNT_SID, to: form.To, from: form.From, body: form.Body ?? null } };
  });
  crm = await startLocalServer(() => ({ status: 200, body: { ticket: 'T-1' } }));
  app = await startTestApp({
    label: 'round-trips',
    env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url, WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${crm.port}`, MONGODB_MONITOR_COMMANDS: 'true' },
  });
  api = { app, token: await app.login() };
  mongoose.connection.getClient().on('commandStarted', (event: { commandName: string; command: Record<string, unknown> }) => {
    if (HOUSEKEEPING.has(event.commandName)) return;
    if (isTimerScan(event)) return;
    commands.push({ name: event.commandName, collection: String(event.command[event.commandName] ?? '') });
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await twilio?.close();
  await crm?.close();
});

function breakdown(list: Command[]): string {
  const counts = new Map<string, number>();
  for (const c of list) counts.set(`${c.name} ${c.collection}`, (counts.get(`${c.name} ${c.collection}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} x ${k}`).join(', ');
}

/**
 * Sends one signed webhook from `from`, waits for `replies` messages to reach Twilio, and answers
 * the commands run from the webhook until the last of them was handed over, and in all.
 */
async function measure(botId: string, from: string, text: string, replies: number) {
  const start = commands.length;
  const before = received.filter((r) => r.to === from).length;
  await contactSays(api, botId, from, text);
  await until(`${replies} replies to ${from}`, async () => received.filter((r) => r.to === from).length === before + replies, 15_000);
  const last = received.filter((r) => r.to === from).at(-1)!;
  const toProvider = commands.slice(start, last.commandsSoFar);
  // let the writes after the hand-over (status, journal copy, the contact's mark) finish, for the record
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { toProvider, total: commands.slice(start) };
}

describe('database round trips per inbound message', () => {
  it('one signed webhook answered with one message: at most 6 until Twilio has the reply', async () => {
    const botId = await botWithFlow(api, 'Hello only', {
      nodes: [node('s', 'start'), node('hello', 'send_message', { text: 'Hello' }), node('e', 'end')],
      edges: [edge('s', 'hello'), edge('hello', 'e')],
    });
    await publish(api, botId);
    await connectTwilio(api, botId);
    await measure(botId, '+15557000001', 'hi', 1); // warms the bot, the flow version, the Twilio client

    const first = await measure(botId, '+15557000002', 'hi', 1);
    const again = await measure(botId, '+15557000002', 'hi again', 1); // a returning contact: the same path
    for (const [label, run] of [['a new contact', first], ['a returning contact', again]] as const) {
      console.log(`one message, ${label}: ${run.toProvider.length} to the provider (${breakdown(run.toProvider)}); ${run.total.length} in all (${breakdown(run.total)})`);
      expect(run.toProvider.length, `${label}: ${breakdown(run.toProvider)}`).toBeLessThanOrEqual(6);
    }
  });

  it('the five-step flow (send, condition, set variable, webhook, send): at most 10 until Twilio has the last reply', async () => {
    const botId = await botWithFlow(api, 'Five steps', {
      nodes: [
        node('s', 'start'),
        node('greet', 'send_message', { text: 'Hello! You said: {{message.text}}' }),
        node('check', 'condition', { variable: 'message.text', operator: 'contains', value: 'order' }),
        node('remember', 'set_variable', { name: 'state.ref', value: '{{contact.address}}/{{message.text}}' }),
        node('hook', 'webhook_action', { url: `${crm.url}/tickets`, method: 'POST', body: { ref: '{{state.ref}}' }, store_response_in: 'state.crm' }),
        node('confirm', 'send_message', { text: 'Ticket {{state.crm.ticket}} for {{state.ref}}' }),
        node('e', 'end'),
        node('other', 'send_message', { text: 'not an order' }),
      ],
      edges: [
        edge('s', 'greet'),
        edge('greet', 'check'),
        edge('check', 'remember', 'true'),
        edge('check', 'other', 'false'),
        edge('remember', 'hook'),
        edge('hook', 'confirm', 'success'),
        edge('confirm', 'e'),
      ],
    });
    await publish(api, botId);
    await connectTwilio(api, botId);
    await measure(botId, '+15557000101', 'order 1', 2);

    const run = await measure(botId, '+15557000102', 'order 42', 2);
    expect(received.filter((r) => r.to === '+15557000102').map((r) => r.body)).toEqual(['Hello! You said: order 42', 'Ticket T-1 for +15557000102/order 42']);
    console.log(`five steps: ${run.toProvider.length} to the provider (${breakdown(run.toProvider)}); ${run.total.length} in all (${breakdown(run.total)})`);
    expect(run.toProvider.length, breakdown(run.toProvider)).toBeLessThanOrEqual(10);
  });
});
