// "Try it" remembers: a person answers a question, leaves for the bot list, comes back, opens
// Try it again and finds the conversation where she left it, waiting for her next answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the simulator after leaving the editor', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await startStudio('e2e-simpersist');
  });
  afterAll(async () => studio?.close());

  it('shows the running conversation again and lets it continue', async () => {
    const botId = await createBotViaApi(studio.app, 'Clinic desk');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('name', 'ask', { question: 'What is your name?', save_as: 'name', label: 'Ask the name' }, 120),
        node('reason', 'ask', { question: 'Hello {{state.name}}, what brings you here?', save_as: 'reason', label: 'Ask the reason' }, 240),
        node('thanks', 'send_message', { text: 'Noted: {{state.reason}}. See you soon, {{state.name}}!' }, 360),
      ],
      edges: [edge('start', 'name'), edge('name', 'reason', 'answered'), edge('reason', 'thanks', 'answered')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.click();
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'What is your name?' }).waitFor();
    await page.keyboard.type('Rosa');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Hello Rosa, what brings you here?' }).waitFor();

    // away to the bot list, and back into the editor the way a person does
    await page.getByRole('link', { name: 'Back to all bots' }).click();
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.getByRole('link', { name: 'Open Clinic desk' }).click();
    await page.locator('.react-flow__node-start').waitFor();
    await page.getByRole('tab', { name: 'Try it' }).click();

    // the transcript is there, in order, and the panel says what the conversation waits for
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Hello Rosa, what brings you here?' }).waitFor();
    expect(await page.getByTestId('sim-contact-message').allInnerTexts()).toEqual(['hello', 'Rosa']);
    expect(await page.getByTestId('sim-bot-message').allInnerTexts()).toEqual(['What is your name?', 'Hello Rosa, what brings you here?']);
    await page.getByTestId('simulator-status').filter({ hasText: 'Waiting for a reply at “Ask the reason”' }).waitFor();
    await expect.poll(() => nodeOfType(page, 'ask').nth(1).locator('[data-sim-here]').count()).toBe(1);
    await screenshot(page, 'simulator-restored');

    // the next answer continues the same conversation
    await page.getByRole('textbox', { name: 'Message to the bot' }).click();
    await page.keyboard.type('a sore knee');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Noted: a sore knee. See you soon, Rosa!' }).waitFor();
    await page.getByTestId('simulator-status').filter({ hasText: 'The conversation has ended' }).waitFor();

    // and a reload of the page still shows it; restart then starts afresh
    await page.reload();
    await page.locator('.react-flow__node-start').waitFor();
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Noted: a sore knee.' }).waitFor();
    await page.getByRole('button', { name: 'Restart the conversation' }).click();
    await expect.poll(() => page.getByTestId('sim-bot-message').allInnerTexts()).toEqual(['What is your name?']);
  });
});
