// Live operations: an admin follows a conversation in the inbox while a contact chats in the
// simulator of another browser, takes it over, answers, and hands it back to the bot; a viewer
// can read the inbox but not act. Also looks at the canvas counts, replay, contacts, analytics
// (and its drop-off overlay on the canvas) and team screens.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

const VIEWER = { email: 'viewer@botloom.test', password: 'viewer-password-1' };

async function signInAs(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your bots' }).waitFor();
}

describe('the live inbox', () => {
  let studio: StudioSession;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-inbox');
    botId = await createBotViaApi(studio.app, 'Front desk');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('hello', 'send_message', { text: 'Welcome to the front desk!', label: 'Greeting' }, 120),
        node('name', 'ask', { question: 'What is your name?', save_as: 'name', label: 'Ask the name' }, 240),
        node('thanks', 'send_message', { text: 'Back to the bot: anything else?', label: 'Back from the agent' }, 360),
        node('bye', 'end', {}, 480),
      ],
      edges: [edge('start', 'hello'), edge('hello', 'name'), edge('name', 'thanks', 'answered'), edge('thanks', 'bye')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const viewer = await studio.app.call('POST', '/api/users', { token, body: { ...VIEWER, role: 'viewer' } });
    expect(viewer.status).toBe(201);
  });
  afterAll(async () => studio?.close());

  it('streams a conversation, lets an admin take over, answer and hand back', async () => {
    const admin = await studio.newPage();
    await signIn(admin);
    await admin.goto(`/bots/${botId}/inbox`);
    await admin.getByRole('tab', { name: 'All' }).waitFor();

    const contact = await studio.newPage();
    await signIn(contact);
    await openEditor(contact, botId);
    await contact.getByRole('tab', { name: 'Try it' }).click();
    const input = contact.getByRole('textbox', { name: 'Message to the bot' });
    await input.fill('hello');
    await input.press('Enter');
    await contact.getByTestId('sim-bot-message').filter({ hasText: 'What is your name?' }).waitFor();
    // the canvas counts the contact waiting at the question
    await nodeOfType(contact, 'ask').getByTestId('node-live-count').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
    await screenshot(contact, 'canvas-live-count');

    // the conversation appears in the inbox by itself
    const row = admin.getByTestId('conversation-row').first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await admin.getByTestId('transcript-bot').filter({ hasText: 'What is your name?' }).waitFor();
    await admin.getByTestId('message-node').filter({ hasText: 'Ask the name' }).waitFor();

    // a new message arrives live in the open transcript
    await input.fill('I need a human');
    await input.press('Enter');
    await admin.getByTestId('transcript-in').filter({ hasText: 'I need a human' }).waitFor({ timeout: 10_000 });
    await admin.getByTestId('transcript-bot').filter({ hasText: 'Back to the bot' }).waitFor({ timeout: 10_000 });
    await screenshot(admin, 'inbox-live');

    // the contact starts again and the admin takes over while the bot waits for the name
    await contact.getByRole('button', { name: 'Restart the conversation' }).click();
    await contact.getByTestId('sim-bot-message').filter({ hasText: 'What is your name?' }).waitFor();
    await admin.getByRole('tab', { name: 'Waiting' }).click();
    await admin.getByTestId('conversation-row').first().click();
    await admin.getByTestId('conversation-status').filter({ hasText: 'Waiting' }).waitFor();
    await admin.getByRole('button', { name: 'Take over' }).click();
    await admin.getByTestId('conversation-status').filter({ hasText: 'With an agent' }).waitFor();
    await admin.getByRole('textbox', { name: 'Reply to the contact' }).fill('Hi, this is Sam from the front desk.');
    await admin.getByRole('button', { name: 'Send' }).click();
    await admin.getByTestId('transcript-agent').filter({ hasText: 'this is Sam' }).waitFor();
    await contact.getByTestId('sim-bot-message').filter({ hasText: 'this is Sam' }).waitFor({ timeout: 10_000 });
    await screenshot(admin, 'inbox-takeover');

    // hand back to the bot at a chosen step: the contact gets the bot's next reply
    await admin.getByRole('combobox', { name: 'Step to hand back to' }).click();
    await admin.getByRole('option', { name: 'Back from the agent' }).click();
    await admin.getByRole('button', { name: 'Hand back' }).click();
    await contact.getByTestId('sim-bot-message').filter({ hasText: 'Back to the bot' }).waitFor({ timeout: 10_000 });
    await admin.getByTestId('transcript-bot').filter({ hasText: 'Back to the bot' }).waitFor({ timeout: 10_000 });

    // replay the conversation on the canvas, step by step
    await admin.getByRole('link', { name: 'Replay on canvas' }).click();
    await admin.getByTestId('replay-bar').waitFor();
    await admin.getByTestId('replay-position').filter({ hasText: '1 /' }).waitFor();
    await admin.getByRole('button', { name: 'Next step' }).click();
    await admin.getByTestId('replay-position').filter({ hasText: '2 /' }).waitFor();
    await expect.poll(() => admin.locator('[data-sim-here]').count()).toBe(1);
    await screenshot(admin, 'canvas-replay');
  });

  it('shows a viewer the inbox without the agent controls', async () => {
    const viewer = await studio.newPage();
    await signInAs(viewer, VIEWER);
    await viewer.goto(`/bots/${botId}/inbox`);
    await viewer.getByTestId('conversation-row').first().click();
    await viewer.getByTestId('conversation-status').waitFor();
    await viewer.getByRole('link', { name: 'Replay on canvas' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Take over' }).count()).toBe(0);
    expect(await viewer.getByRole('textbox', { name: 'Reply to the contact' }).count()).toBe(0);
    await screenshot(viewer, 'inbox-viewer');
  });

  it('shows contacts, analytics and the team to an admin', async () => {
    const token = await studio.app.login();
    const published = await studio.app.call('POST', `/api/bots/${botId}/publish`, { token });
    expect(published.status).toBeLessThan(300);
    // a contact talks to the published version and stops at the question
    const said = await studio.app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'published-ana', text: 'hi', version: 'published' } });
    expect(said.status, JSON.stringify(said.body)).toBeLessThan(300);
    const admin = await studio.newPage();
    await signIn(admin);

    await admin.goto(`/bots/${botId}/contacts`);
    await admin.getByTestId('contact-row').first().waitFor();
    await admin.getByRole('link', { name: 'Export CSV' }).waitFor();
    await admin.getByTestId('contact-row').first().getByRole('button').click();
    await admin.getByRole('heading', { name: 'Conversations' }).waitFor();
    await screenshot(admin, 'contacts-profile');

    await admin.goto(`/bots/${botId}/analytics`);
    await admin.getByTestId('analytics-number').first().waitFor();
    await admin.getByRole('heading', { name: /Messages per channel/ }).waitFor();
    await admin.getByTestId('delivery-row').first().waitFor();
    await screenshot(admin, 'analytics');

    // the drop-off table opens the canvas with the analytics overlay on
    await admin.getByRole('link', { name: 'Show on canvas' }).click();
    await admin.getByTestId('analytics-overlay-toggle').and(admin.locator('[aria-pressed="true"]')).waitFor();
    await nodeOfType(admin, 'ask').getByTestId('node-dropoff').filter({ hasText: 'reached 1' }).waitFor({ timeout: 10_000 });
    expect(await admin.locator('[data-dropoff-worst]').count()).toBeGreaterThan(0);
    await screenshot(admin, 'canvas-dropoff');
    // off again: the overlay goes
    await admin.getByTestId('analytics-overlay-toggle').click();
    await expect.poll(() => admin.getByTestId('node-dropoff').count()).toBe(0);

    await admin.goto('/team');
    await admin.getByRole('table', { name: 'Team members' }).getByText(VIEWER.email).waitFor();
    await admin.getByTestId('audit-row').first().waitFor();
    await screenshot(admin, 'team');
  });
});
