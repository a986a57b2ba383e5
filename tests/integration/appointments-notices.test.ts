// Staff changes reach the contact over the bot's real channel: booking, moving and cancelling
// from the Appointments screen each send one SMS through the outbox (here to a local stand-in
// for Twilio, driven by the real SDK), and an opted-out contact gets none.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../server/src/adapters/mongo/models';
import type { TestApp } from '../support/app-harness';
import { bodiesTo, connectTwilio, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';
import { createBot, until, type Api } from './conversations-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;
let resourceId: string;

const tomorrowAt = (time: string) => {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.utc().plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;
};

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('appointment-notices'));
  botId = await createBot(api, 'Clinic', { timezone: 'UTC' });
  await connectTwilio(api, botId, { smsPerSecond: 100, whatsappPerSecond: 100 });
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));
  resourceId = (
    await app.call('POST', `/api/bots/${botId}/resources`, {
      token: api.token,
      body: { name: 'Dr Okafor', timezone: 'UTC', slotMinutes: 30, weeklyHours: hours },
    })
  ).body.id;
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('the message that tells the contact', () => {
  it('sends one SMS for a booking, a move and a cancel', async () => {
    const to = '+447700900501';
    const booked = await app.call('POST', `/api/bots/${botId}/appointments`, {
      token: api.token,
      body: { resourceId, start: tomorrowAt('09:30'), contact: { address: to, channel: 'sms', name: 'Ada' } },
    });
    expect(booked.status).toBe(201);
    await until('the booking SMS', async () => bodiesTo(twilio, to).length === 1);
    expect(
      (
        await app.call('PATCH', `/api/bots/${botId}/appointments/${booked.body.id}`, {
          token: api.token,
          body: { start: tomorrowAt('14:00') },
        })
      ).status,
    ).toBe(200);
    expect(
      (await app.call('PATCH', `/api/bots/${botId}/appointments/${booked.body.id}`, { token: api.token, body: { status: 'cancelled' } }))
        .status,
    ).toBe(200);
    const bodies = await until('three SMS', async () => (bodiesTo(twilio, to).length === 3 ? bodiesTo(twilio, to) : null));
    expect(bodies[0]).toMatch(/^Your appointment with Dr Okafor is booked for .+, 09:30\.$/);
    expect(bodies[1]).toMatch(/has moved from .+, 09:30 to .+, 14:00\./);
    expect(bodies[2]).toMatch(/14:00 has been cancelled\./);
  });

  it('sends nothing to a contact who opted out, though the booking is made', async () => {
    const to = '+447700900502';
    await ContactModel.create({ botId, channel: 'sms', address: to, optedOut: true });
    const booked = await app.call('POST', `/api/bots/${botId}/appointments`, {
      token: api.token,
      body: { resourceId, start: tomorrowAt('10:00'), contact: { address: to, channel: 'sms' } },
    });
    expect(booked.status).toBe(201);
    // a later booking for someone else goes out: by then the first would have too
    const other = '+447700900503';
    await app.call('POST', `/api/bots/${botId}/appointments`, {
      token: api.token,
      body: { resourceId, start: tomorrowAt('10:30'), contact: { address: other, channel: 'sms' } },
    });
    await until('the other booking SMS', async () => bodiesTo(twilio, other).length === 1);
    expect(bodiesTo(twilio, to)).toEqual([]);
  });
});
