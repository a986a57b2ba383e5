// The Triggers screen as a builder uses it: create a keyword trigger with the keyboard, try a
// message, switch it off, be told why STOP cannot be a keyword (without losing what was typed),
// add a weekly schedule, look at a trigger's activity, delete one.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, openEditor } from './support/editor-actions';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the Triggers screen', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-triggers');
    botId = await createBotViaApi(studio.app, 'Sunny Clinic');
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('creates a keyword trigger with the keyboard and tries a message against it', async () => {
    await page.goto(`/bots/${botId}/inbox`);
    await page.getByRole('tab', { name: 'Triggers' }).click();
    await page.getByText('No triggers yet').waitFor();
    await page.getByRole('button', { name: 'New trigger' }).click();
    const dialog = page.getByRole('dialog', { name: 'New trigger' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Main menu');
    const keywords = dialog.getByRole('combobox', { name: 'Keywords' });
    await keywords.click();
    await page.keyboard.type('menu');
    await page.keyboard.press('Enter');
    await page.keyboard.type('start over');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Create trigger' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('[data-trigger-name="Main menu"]');
    await row.getByText('When a message is exactly “menu” or “start over”').waitFor();

    await page.getByRole('textbox', { name: 'A message a contact might send' }).fill('Start over!');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByTestId('trigger-test-answer').getByText('Starts “Main menu”').waitFor();

    const saved = await studio.app.call('GET', `/api/bots/${botId}/triggers`, { token: await studio.app.login() });
    expect(saved.body).toMatchObject([{ name: 'Main menu', type: 'keyword', keywords: ['menu', 'start over'], match: 'exact', active: true }]);
  });

  it('switches a trigger off in place, and the test says nothing fires', async () => {
    await page.getByRole('switch', { name: 'Main menu is on' }).click({ force: true });
    await page.getByRole('switch', { name: 'Main menu is off' }).waitFor();
    await page.getByRole('textbox', { name: 'A message a contact might send' }).fill('menu');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByTestId('trigger-test-answer').getByText('Nothing fires').waitFor();
    await page.getByTestId('trigger-test-answer').getByText('the trigger is switched off').waitFor();
    // coming back later shows it still off
    await page.reload();
    await page.getByRole('switch', { name: 'Main menu is off' }).waitFor();
  });

  it('explains why STOP cannot be a keyword, next to the field, keeping what was typed', async () => {
    await page.getByRole('button', { name: 'New trigger' }).click();
    const dialog = page.getByRole('dialog', { name: 'New trigger' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Leave');
    await dialog.getByRole('combobox', { name: 'Keywords' }).click();
    await page.keyboard.type('STOP');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Create trigger' }).click();
    await dialog.getByText('is an opt-out word').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Leave');
    await screenshot(page, 'triggers-opt-out-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a weekly schedule and shows when it runs next', async () => {
    await page.getByRole('button', { name: 'New trigger' }).click();
    const dialog = page.getByRole('dialog', { name: 'New trigger' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Monday check-in');
    await dialog.getByText('A schedule', { exact: true }).click();
    await dialog.getByRole('combobox', { name: 'How often' }).click();
    await page.getByRole('option', { name: 'Every week' }).click();
    await dialog.getByRole('combobox', { name: 'Day of the week' }).click();
    await page.getByRole('option', { name: 'Monday' }).click();
    await dialog.getByRole('combobox', { name: 'Contacts tagged' }).click();
    await page.keyboard.type('patients');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Create trigger' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('[data-trigger-name="Monday check-in"]');
    await row.getByText('Every Monday at 09:00 (Europe/Paris), for contacts tagged “patients”').waitFor();
    await row.getByText(/^Next: /).waitFor();
    await screenshot(page, 'triggers');
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.targets.join(' | ')})`)).toEqual([]);
  });

  it('shows a trigger’s activity and deletes a trigger after asking', async () => {
    await page.getByRole('button', { name: 'Activity of Monday check-in' }).click();
    const drawer = page.getByRole('dialog', { name: 'Activity of “Monday check-in”' });
    await drawer.getByText('It has not fired yet.').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete Main menu' }).click();
    await page.getByRole('dialog', { name: 'Delete this trigger?' }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('[data-trigger-name="Main menu"]').waitFor({ state: 'detached' });
    const left = await studio.app.call('GET', `/api/bots/${botId}/triggers`, { token: await studio.app.login() });
    expect((left.body as Array<{ name: string }>).map((t) => t.name)).toEqual(['Monday check-in']);
  });
  it('fires in Try it: a keyword typed mid-conversation starts the flow again, and the activity shows it', async () => {
    const token = await studio.app.login();
    const flow = {
      nodes: [node('start', 'start', {}, 0), node('hello', 'send_message', { text: 'Welcome to Sunny Clinic.' }, 120), node('q', 'ask', { question: 'What day suits you?', save_as: 'day' }, 240), node('e', 'end', {}, 360)],
      edges: [edge('start', 'hello'), edge('hello', 'q'), edge('q', 'e', 'answered')],
    };
    expect((await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
    const flowId = (await studio.app.call('GET', `/api/bots/${botId}/flows`, { token })).body[0].id;
    const created = await studio.app.call('POST', `/api/bots/${botId}/triggers`, { token, body: { name: 'Start again', type: 'keyword', flowId, keywords: ['restart'], match: 'contains' } });
    expect(created.status).toBe(201);

    await openEditor(page, botId);
    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.fill('hello');
    await input.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'What day suits you?' }).waitFor();
    await input.fill('please restart');
    await input.press('Enter');
    // the trigger's conversation begins with the message that fired it, and greets again
    const lines = page.locator('[data-testid="sim-contact-message"], [data-testid="sim-bot-message"]');
    await expect.poll(async () => (await lines.allInnerTexts()).map((t) => t.trim()).slice(-3), { timeout: 15_000 }).toEqual(['please restart', 'Welcome to Sunny Clinic.', 'What day suits you?']);

    await page.goto(`/bots/${botId}/inbox`);
    await page.getByRole('tab', { name: 'Triggers' }).click();
    await page.getByRole('button', { name: 'Activity of Start again' }).click();
    const drawer = page.getByRole('dialog', { name: 'Activity of “Start again”' });
    await drawer.getByText('the message contains the words “restart”').waitFor();
    await drawer.getByRole('table').getByText('Started', { exact: true }).waitFor();
    await drawer.getByRole('link', { name: 'Open the conversation' }).waitFor();
  });
});
