// Signing in, the bot list (create blank or from a template, rename, duplicate, delete with
// confirmation) and a bot's settings with a bookable calendar and its weekly hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('bots and their settings', () => {
  let studio: StudioSession;
  let page: Page;
  beforeAll(async () => {
    studio = await startStudio('e2e-bots');
    page = await studio.newPage();
  });
  afterAll(async () => studio?.close());

  const card = (name: string) => page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });

  it('refuses a wrong password with a clear message, then signs in', async () => {
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Email' }).fill('admin@botloom.test');
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await screenshot(page, 'sign-in-error');
    await signIn(page);
    await page.getByText('No bots yet').waitFor();
  });

  it('creates a bot from a template and opens it in the editor', async () => {
    await page.getByRole('button', { name: 'New bot' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Clinic bookings');
    await dialog.getByRole('radio').nth(1).check();
    await screenshot(page, 'bot-create-from-template');
    await dialog.getByRole('button', { name: 'Create bot' }).click();
    await page.locator('.react-flow__node').nth(2).waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(2);
    await screenshot(page, 'editor-template');
    await page.getByRole('link', { name: 'Back to all bots' }).click();
    await card('Clinic bookings').waitFor();
  });

  it('renames, duplicates and deletes (after confirming)', async () => {
    await page.getByRole('button', { name: 'More actions for Clinic bookings' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill('Dental bookings');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await card('Dental bookings').waitFor();

    await page.getByRole('button', { name: 'More actions for Dental bookings' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await card('Dental bookings (copy)').waitFor();
    await screenshot(page, 'bot-list');

    await page.getByRole('button', { name: 'More actions for Dental bookings (copy)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
    await card('Dental bookings (copy)').waitFor();
    await page.getByRole('button', { name: 'More actions for Dental bookings (copy)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete bot' }).click();
    await expect.poll(() => card('Dental bookings (copy)').count()).toBe(0);
    await card('Dental bookings').waitFor();
  });

  it('the bot list has no critical accessibility violations', async () => {
    const critical = (await axeViolations(page)).filter((v) => v.impact === 'critical');
    expect(critical, JSON.stringify(critical, null, 2)).toEqual([]);
  });

  it('adds a bookable calendar with weekly hours in the bot settings', async () => {
    await page.getByRole('button', { name: 'More actions for Dental bookings' }).click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings of Dental bookings' }).waitFor();
    await page.getByRole('button', { name: 'Add calendar' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Dr. Rivera');
    await dialog.getByRole('switch', { name: 'Saturday' }).check();
    await dialog.getByRole('textbox', { name: 'Saturday closes at' }).fill('12:00');
    await dialog.getByRole('switch', { name: 'Friday' }).uncheck();
    await screenshot(page, 'settings-calendar');
    await dialog.getByRole('button', { name: 'Add calendar' }).click();
    await page.getByRole('table', { name: 'Calendars' }).getByText('Dr. Rivera').waitFor();
    const token = await studio.app.login();
    const bots = (await studio.app.call('GET', '/api/bots', { token })).body as Array<{ id: string; name: string }>;
    const bot = bots.find((b) => b.name === 'Dental bookings')!;
    const resources = (await studio.app.call('GET', `/api/bots/${bot.id}/resources`, { token })).body as Array<{
      name: string;
      weeklyHours: Record<string, unknown>;
    }>;
    const resource = resources.find((r) => r.name === 'Dr. Rivera')!;
    expect(resource.weeklyHours.sat).toEqual([['09:00', '12:00']]);
    expect(resource.weeklyHours.fri).toBeUndefined();
    await screenshot(page, 'settings');
    const critical = (await axeViolations(page)).filter((v) => v.impact === 'critical');
    expect(critical, JSON.stringify(critical, null, 2)).toEqual([]);
  });
});
