// A receptionist runs a calendar from the Appointments screen: she finds who is booked, books a
// free slot by typing the phone and name, is told plainly when someone else took the slot first,
// moves and cancels with the mouse; and "Manage calendars" in a booking step lands on the calendars.
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the Appointments screen', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  let botId: string;
  let resourceId: string;
  // tomorrow, in the calendar's zone (UTC), as the screen names it
  const tomorrow = DateTime.utc().plus({ days: 1 }).startOf('day');
  const heading = tomorrow.setLocale('en-GB').toFormat('ccc d LLL');
  const at = (time: string) => {
    const [hour, minute] = time.split(':').map(Number);
    return tomorrow.set({ hour, minute }).toISO()!;
  };
  const card = (name: string) => page.locator('[data-appointment]').filter({ hasText: name });

  beforeAll(async () => {
    studio = await startStudio('e2e-appointments');
    token = await studio.app.login();
    botId = (await studio.app.call('POST', '/api/bots', { token, body: { name: 'Riverside Clinic', timezone: 'UTC' } })).body.id;
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '12:00']]]));
    resourceId = (
      await studio.app.call('POST', `/api/bots/${botId}/resources`, {
        token,
        body: { name: 'Dr Martin', timezone: 'UTC', slotMinutes: 30, weeklyHours: hours },
      })
    ).body.id;
    const ann = await studio.app.call('POST', `/api/bots/${botId}/appointments`, {
      token,
      body: { resourceId, start: at('09:00'), contact: { address: '+447700900111', channel: 'sms', name: 'Ann Example' } },
    });
    expect(ann.status).toBe(201);
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('opens from the bot tabs and shows who is booked, with phone and status', async () => {
    await page.goto(`/bots/${botId}/contacts`);
    await page.getByRole('tab', { name: 'Appointments' }).click();
    await page.waitForURL(/\/appointments/);
    await page.getByText('Day', { exact: true }).click();
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.getByTestId('calendar-span').filter({ hasText: heading }).waitFor();
    await card('Ann Example').waitFor();
    await expect(card('Ann Example').innerText()).resolves.toMatch(/09:00–09:30[\s\S]*Confirmed[\s\S]*Ann Example[\s\S]*\+447700900111/i);
  });

  it('books a free slot with the keyboard', async () => {
    await page.getByRole('button', { name: `10:00 · Free: book ${heading}` }).click();
    const dialog = page.getByRole('dialog', { name: /Book .* 10:00 with Dr Martin/ });
    await dialog.getByRole('textbox', { name: 'Phone number' }).waitFor();
    await page.keyboard.type('+44 7700 900222');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await dialog.getByRole('textbox', { name: 'Name' }).press('End');
    await page.keyboard.type('Jeanne Petit');
    await page.keyboard.press('Enter');
    await card('Jeanne Petit').waitFor();
    await expect(card('Jeanne Petit').innerText()).resolves.toMatch(/10:00–10:30[\s\S]*Confirmed[\s\S]*\+447700900222/i);
    expect(await page.getByRole('button', { name: `10:00 · Free: book ${heading}` }).count()).toBe(0);
  });

  it('says so when someone else took the slot first, and offers what is still free', async () => {
    await page.getByRole('button', { name: `10:30 · Free: book ${heading}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Phone number' }).fill('+44 7700 900333');
    // meanwhile the bot (or a colleague) books the same slot
    const other = await studio.app.call('POST', `/api/bots/${botId}/appointments`, {
      token,
      body: { resourceId, start: at('10:30'), contact: { address: '+447700900444', channel: 'sms', name: 'Quick Colleague' } },
    });
    expect(other.status).toBe(201);
    await dialog.getByRole('button', { name: 'Book' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'That time was just taken' }).waitFor();
    await screenshot(page, 'appointments-slot-taken');
    await page.keyboard.press('Escape');
    await card('Quick Colleague').waitFor();
    expect(await page.getByRole('button', { name: `10:30 · Free: book ${heading}` }).count()).toBe(0);
  });

  it('moves an appointment to another free slot with the mouse', async () => {
    await page.getByRole('button', { name: `Move Jeanne Petit's appointment at 10:00` }).click();
    await page.getByText(/Moving Jeanne Petit's appointment/).waitFor();
    await page.getByRole('button', { name: `11:30 · Move here: move to ${heading}` }).click();
    await card('Jeanne Petit').filter({ hasText: '11:30–12:00' }).waitFor();
    // the old time is free again
    await page.getByRole('button', { name: `10:00 · Free: book ${heading}` }).waitFor();
    const stored = (await studio.app.call('GET', `/api/bots/${botId}/appointments?resourceId=${resourceId}`, { token })).body as Array<{
      contactName: string;
      start: string;
    }>;
    expect(stored.find((a) => a.contactName === 'Jeanne Petit')?.start).toBe(new Date(at('11:30')).toISOString());
  });

  it('stops moving with Escape', async () => {
    await page.getByRole('button', { name: `Move Ann Example's appointment at 09:00` }).click();
    await page.getByText(/Moving Ann Example's appointment/).waitFor();
    await page.keyboard.press('Escape');
    await page.getByText(/Moving Ann Example's appointment/).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `10:00 · Free: book ${heading}` }).waitFor();
  });

  it('cancels after confirming, and the slot is free again', async () => {
    await page.getByRole('button', { name: `Cancel Ann Example's appointment at 09:00` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
    await card('Ann Example').filter({ hasText: 'Confirmed' }).waitFor();
    await page.getByRole('button', { name: `Cancel Ann Example's appointment at 09:00` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel appointment' }).click();
    await card('Ann Example').filter({ hasText: 'Cancelled' }).waitFor();
    await page.getByRole('button', { name: `09:00 · Free: book ${heading}` }).waitFor();
    await screenshot(page, 'appointments-day');
  });

  it('shows the whole week, and keeps the view when coming back', async () => {
    await page.getByText('Week', { exact: true }).click();
    await page.locator('[data-day]').nth(6).waitFor();
    expect(await page.locator('[data-day]').count()).toBe(7);
    await card('Jeanne Petit').waitFor();
    await screenshot(page, 'appointments-week');
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByRole('tab', { name: 'Contacts', selected: true }).waitFor();
    await page.goBack();
    await page.locator('[data-day]').nth(6).waitFor();
    await card('Jeanne Petit').waitFor();
  });

  it('lets a viewer look but not book, move or cancel', async () => {
    const viewer = { email: 'viewer@clinic.test', password: 'long-enough-1' };
    expect((await studio.app.call('POST', '/api/users', { token, body: { ...viewer, role: 'viewer' } })).status).toBe(201);
    const other = await studio.newPage();
    await other.goto('/');
    await other.getByRole('textbox', { name: 'Email' }).fill(viewer.email);
    await other.getByRole('textbox', { name: 'Password' }).fill(viewer.password);
    await other.keyboard.press('Enter');
    await other.getByRole('heading', { name: 'Your bots' }).waitFor();
    await other.goto(`/bots/${botId}/appointments?view=day&date=${tomorrow.toISODate()}`);
    await other.locator('[data-appointment]').filter({ hasText: 'Jeanne Petit' }).waitFor();
    await other.getByText('Your role can look at appointments but not change them.').waitFor();
    await other.getByText('09:00 · Free').waitFor();
    expect(await other.getByRole('button', { name: /^(Book|Move|Cancel) / }).count()).toBe(0);
  });

  it('"Manage calendars" in a booking step leads straight to the calendars of the settings', async () => {
    const bookingBot = (
      await studio.app.call('POST', '/api/bots', { token, body: { name: 'Booking template', template: 'appointment-booking' } })
    ).body.id;
    await page.goto(`/bots/${bookingBot}`);
    await page.locator('.react-flow__node-book_appointment').first().click();
    await page.getByRole('link', { name: 'Manage calendars' }).click();
    await page.waitForURL(/\/settings#calendars$/);
    const section = page.locator('#calendars');
    await section.getByRole('heading', { name: 'Bookable calendars' }).waitFor();
    // it starts below the fold (channels and details come first): the page scrolled it into view
    const box = (await section.getByRole('heading', { name: 'Bookable calendars' }).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    expect(await page.evaluate<number>('document.scrollingElement.scrollTop')).toBeGreaterThan(0);
  });
});
