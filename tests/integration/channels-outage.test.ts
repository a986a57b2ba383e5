// A provider outage: the fake Twilio answers 503 for a while (through two attempts of every
// message), then recovers. Every answer the bot owed is delivered once: nothing lost, nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageModel } from '../../server/src/adapters/mongo/models';
import { edge, node, type TestApp } from '../support/app-harness';
import { botWithFlow, publish, transcript, until, type Api } from './conversations-helpers';
import { bodiesTo, connectTwilio, contactSays, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('ch-outage'));
  botId = await botWithFlow(api, 'Resilient', {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Hello {{contact.phone}}' }),
      node('bye', 'send_message', { text: 'Bye' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'hello'), edge('hello', 'bye'), edge('bye', 'e')],
  });
  await publish(api, botId);
  await connectTwilio(api, botId, { smsPerSecond: 50 });
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('a Twilio outage', () => {
  it('retries with backoff and, once Twilio is back, delivers every message exactly once, in order', async () => {
    const during = ['+15556660001', '+15556660002', '+15556660003', '+15556660004'];
    twilio.outage(true);
    await Promise.all(during.map((c) => contactSays(api, botId, c, 'hi')));
    // every first message fails twice (the first try, then the retry 2 s later); the second waits its turn
    const stuck = await until(
      'two failed attempts per contact',
      async () => {
        const all = await MessageModel.find({ botId, direction: 'out' }, { status: 1, errorCode: 1, attempts: 1, text: 1 })
          .sort({ createdAt: 1 })
          .lean();
        return all.filter((m) => m.attempts === 2 && m.status === 'queued').length === during.length && all;
      },
      10_000,
    );
    expect(twilio.attempts).toBe(during.length * 2);
    // the "Hello"s wait for their retries; each "Bye" waits behind its "Hello" instead of overtaking it
    expect(stuck.filter((m) => m.text.startsWith('Hello')).map((m) => [m.status, m.errorCode])).toEqual(
      during.map(() => ['queued', '20503']),
    );
    expect(stuck.filter((m) => m.text === 'Bye').map((m) => [m.status, m.attempts])).toEqual(during.map(() => ['queued', 0]));
    expect(twilio.sends).toEqual([]);

    twilio.outage(false);
    const after = '+15556660005';
    await contactSays(api, botId, after, 'hi'); // a contact writing after the recovery is answered at once
    await until('every answer', async () => twilio.sends.length === (during.length + 1) * 2, 15_000);

    for (const contact of [...during, after]) {
      expect(bodiesTo(twilio, contact), contact).toEqual([`Hello ${contact}`, 'Bye']);
      expect((await transcript(api, botId, contact)).map((m) => [m.direction, m.text, m.status ?? null])).toEqual([
        ['in', 'hi', null],
        ['out', `Hello ${contact}`, 'queued'],
        ['out', 'Bye', 'queued'],
      ]);
    }
    const stored = await MessageModel.find({ botId, direction: 'out' }, { providerId: 1, attempts: 1, text: 1 }).lean();
    expect(new Set(stored.map((m) => m.providerId)).size).toBe(stored.length); // one Twilio message each
    expect(stored.filter((m) => m.text.startsWith('Hello') && during.some((c) => m.text.endsWith(c))).map((m) => m.attempts)).toEqual(
      during.map(() => 3),
    );
    expect(twilio.sends).toHaveLength(10);
  });
});
