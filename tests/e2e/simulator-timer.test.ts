// A conversation paused on a timer: the simulator polls, so the message sent after the pause
// appears by itself and the highlight follows the conversation to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the simulator during a pause', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await startStudio('e2e-simtimer');
  });
  afterAll(async () => studio?.close());

  it('shows the message sent after a Wait without the tester typing anything', async () => {
    const botId = await createBotViaApi(studio.app, 'Patient bot');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('hold', 'send_message', { text: 'Hold on a moment…' }, 120),
        node('pause', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }, 240),
        node('done', 'send_message', { text: 'Thanks for waiting!' }, 360),
        node('bye', 'end', {}, 480),
      ],
      edges: [edge('start', 'hold'), edge('hold', 'pause'), edge('pause', 'done'), edge('done', 'bye')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status).toBe(200);

    const page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.fill('hello');
    await input.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Hold on a moment…' }).waitFor();
    await expect.poll(() => nodeOfType(page, 'wait').locator('[data-sim-here]').count()).toBe(1);
    await page.getByTestId('simulator-status').filter({ hasText: 'new messages appear automatically' }).waitFor();
    await screenshot(page, 'simulator-waiting');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Thanks for waiting!' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-sim-here]').count(), { timeout: 10_000 }).toBe(0);

    // restart begins a new conversation from the start
    await page.getByRole('button', { name: 'Restart the conversation' }).click();
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Hold on a moment…' }).waitFor();
    expect(await page.getByTestId('sim-bot-message').count()).toBe(1);
  });
});
