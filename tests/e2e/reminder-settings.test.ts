// A clinic manager sets up reminders in the calendar's settings: "1 day before" and "2 hours
// before" with her own words, a reply flow, an impossible rule refused before saving; and the
// bot's quiet hours and registered-only answering. Everything is still there when she comes back,
// and an appointment booked afterwards gets its reminders planned.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowModel } from '../../server/src/adapters/mongo/models';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('reminder and reach settings', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  let botId: string;
  let resourceId: string;
  let replyFlowId: string;
  const calendar = async () => ((await studio.app.call('GET', `/api/bots/${botId}/resources`, { token })).body as Array<{ id: string; reminders: unknown[]; replyFlowId: string | null }>)[0]!;

  beforeAll(async () => {
    studio = await startStudio('e2e-reminder-settings');
    token = await studio.app.login();
    botId = (await studio.app.call('POST', '/api/bots', { token, body: { name: 'Harbour Dental', timezone: 'Europe/London' } })).body.id;
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));
    resourceId = (await studio.app.call('POST', `/api/bots/${botId}/resources`, { token, body: { name: 'Dr Lind', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: hours } })).body.id;
    // a second flow of the bot (made in the database: creating flows over the API is another branch's work)
    replyFlowId = (await FlowModel.create({ botId, name: 'Reminder replies', draft: { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }], edges: [] } }))._id.toString();
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('adds two reminders with their own words and a reply flow, kept when coming back', async () => {
    await page.goto(`/bots/${botId}/settings`);
    await page.getByRole('button', { name: 'Edit Dr Lind' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit calendar' });
    await dialog.getByRole('button', { name: 'Add a reminder' }).click();
    // the first one starts as "1 day before"
    await expect(dialog.getByRole('textbox', { name: 'Reminder 1: how long before' }).inputValue()).resolves.toBe('1');
    await dialog.getByRole('textbox', { name: 'Reminder 1: message' }).click();
    await page.keyboard.type('See you tomorrow at {{appointment.start_time}} with {{calendar.name}}.');
    await dialog.getByRole('button', { name: 'Add a reminder' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Reminder 2: how long before' }).inputValue()).resolves.toBe('2');
    await dialog.getByRole('textbox', { name: 'Reminder 2: message' }).fill('In two hours: {{calendar.name}}. Reply C to cancel.');
    await dialog.getByRole('combobox', { name: 'Flow for replies to reminders' }).click();
    await page.getByRole('option', { name: 'Reminder replies' }).click();
    await screenshot(page, 'calendar-reminders');
    await dialog.getByRole('button', { name: 'Save calendar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await calendar()).toMatchObject({
      reminders: [
        { minutesBefore: 1440, text: 'See you tomorrow at {{appointment.start_time}} with {{calendar.name}}.' },
        { minutesBefore: 120, text: 'In two hours: {{calendar.name}}. Reply C to cancel.' },
      ],
      replyFlowId,
    });
    // leave and come back: the editor shows what is stored, in the units it was given
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.goto(`/bots/${botId}/settings`);
    await page.getByRole('button', { name: 'Edit Dr Lind' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Reminder 2: how long before' }).inputValue()).resolves.toBe('2');
    await expect(dialog.getByRole('combobox', { name: 'Reminder 2: unit' }).inputValue()).resolves.toBe('hours before');
    // the bot's flows load with the dialog
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Flow for replies to reminders' }).inputValue()).toBe('Reminder replies');
  });

  it('refuses a reminder sooner than 5 minutes before saving, and removes one with the mouse', async () => {
    const dialog = page.getByRole('dialog', { name: 'Edit calendar' });
    const amount = dialog.getByRole('textbox', { name: 'Reminder 2: how long before' });
    await amount.fill('3');
    await dialog.getByRole('combobox', { name: 'Reminder 2: unit' }).click();
    await page.getByRole('option', { name: 'minutes before' }).click();
    await dialog.getByText('A reminder goes at least 5 minutes before').waitFor();
    expect(await dialog.getByRole('button', { name: 'Save calendar' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Remove reminder 2' }).click();
    await dialog.getByText('A reminder goes at least 5 minutes before').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Save calendar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await calendar()).reminders).toEqual([{ minutesBefore: 1440, text: 'See you tomorrow at {{appointment.start_time}} with {{calendar.name}}.' }]);
  });

  it('sets quiet hours and registered-only answering for the bot', async () => {
    const section = page.getByRole('region', { name: 'Who the bot answers, and when it writes first' });
    await section.getByRole('switch', { name: 'Answer registered numbers only' }).check({ force: true });
    await section.getByRole('textbox', { name: 'Message to unregistered numbers' }).fill('Members only: call 01632 960000 to join.');
    await section.getByLabel('Quiet from').fill('20:30');
    await section.getByLabel('Until').fill('20:30');
    await section.getByText('Leaves no minute to send in').waitFor();
    expect(await section.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await section.getByLabel('Until').fill('09:00');
    await section.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    const bot = (await studio.app.call('GET', `/api/bots/${botId}`, { token })).body;
    expect(bot).toMatchObject({ registeredOnly: true, registeredOnlyText: 'Members only: call 01632 960000 to join.', quietHours: { start: '20:30', end: '09:00' } });
    await page.reload();
    await expect(page.getByRole('region', { name: 'Who the bot answers, and when it writes first' }).getByLabel('Quiet from').inputValue()).resolves.toBe('20:30');
  });

  it('plans the reminders of an appointment booked afterwards', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(12, 0, 0, 0);
    const booked = await studio.app.call('POST', `/api/bots/${botId}/appointments`, { token, body: { resourceId, start: start.toISOString(), contact: { address: '+447700900701', channel: 'sms' } } });
    expect(booked.status).toBe(201);
    const at = new Date(start.getTime() - 86_400_000);
    expect(booked.body.reminders).toEqual([{ ruleIndex: 0, outcome: 'planned', at: at.toISOString() }]);
    // the Appointments screen says when it goes, in the calendar's zone
    const day = DateTime.fromJSDate(start, { zone: 'Europe/London' });
    await page.goto(`/bots/${botId}/appointments?view=day&date=${day.toISODate()}`);
    const card = page.locator('[data-appointment]').filter({ hasText: '+447700900701' });
    await card.getByTestId('appointment-reminders').filter({ hasText: `Reminders: ${DateTime.fromJSDate(at, { zone: 'Europe/London' }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')}` }).waitFor();
  });
});
