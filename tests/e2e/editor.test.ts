// The builder's path through the editor: drag steps in, connect them, set them up in the panel,
// meet a validation error and fix it, undo/redo, reload, publish, and chat in the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  connect,
  createBotViaApi,
  dragFromPalette,
  getDraft,
  nodeOfType,
  openEditor,
  typeInMonaco,
  waitForSaved,
} from './support/editor-actions';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the flow editor', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;

  beforeAll(async () => {
    studio = await startStudio('e2e-editor');
    botId = await createBotViaApi(studio.app, 'Greeter');
    page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
  });
  afterAll(async () => studio?.close());

  it('builds a flow by dragging steps from the palette and connecting them', async () => {
    const ask = await dragFromPalette(page, 'ask', 470, 90);
    const send = await dragFromPalette(page, 'send_message', 470, 250);
    const end = await dragFromPalette(page, 'end', 470, 560);
    await connect(page, nodeOfType(page, 'start'), 'out', ask);
    await connect(page, ask, 'answered', send);
    await connect(page, send, 'out', end);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    // the question is not written yet: the node says so
    await expect.poll(() => ask.locator('[data-testid="node-issue-badge"]').count()).toBe(1);
  });

  it('configures steps through the panel, and shows a validation error until it is fixed', async () => {
    const ask = nodeOfType(page, 'ask');
    await ask.click();
    await typeInMonaco(page, 'Question', 'What is your name?');
    const saveAs = page.getByRole('textbox', { name: 'Save the answer as' });
    await saveAs.fill('my name');
    // a variable name with a space is a problem: shown on the node and in the form; the draft is still saved
    await expect.poll(async () => (await getDraft(studio.app, botId)).nodes.find((n) => n.type === 'ask')?.data.save_as).toBe('my name');
    await expect.poll(() => ask.locator('[data-invalid]').count()).toBe(1);
    await page.getByText('Use a variable name such as state.email').first().waitFor();
    await expect(page.getByTestId('publish').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'editor-validation-error');
    // the problems list leads back to the step
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.getByRole('tab', { name: 'Problems' }).click();
    const askId = await ask.getAttribute('data-id');
    await page.locator(`[data-problem-node="${askId}"]`).first().click();
    await page.locator(`[data-testid="node-settings"][data-node-id="${askId}"]`).waitFor();
    await saveAs.fill('name');
    await expect.poll(() => ask.locator('[data-invalid]').count()).toBe(0);

    await nodeOfType(page, 'send_message').click();
    await typeInMonaco(page, 'Message', 'Nice to meet you, {{state.name}}!');
    await waitForSaved(page);
    await expect
      .poll(async () => (await getDraft(studio.app, botId)).nodes.find((n) => n.type === 'send_message')?.data.text)
      .toBe('Nice to meet you, {{state.name}}!');
    await screenshot(page, 'editor-configured');
  });

  it('undoes and redoes', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    const wait = await dragFromPalette(page, 'wait', 120, 520);
    await expect.poll(() => nodeOfType(page, 'wait').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => nodeOfType(page, 'wait').count()).toBe(0);
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect.poll(() => nodeOfType(page, 'wait').count()).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => nodeOfType(page, 'wait').count()).toBe(0);
    expect(wait).toBeDefined();

    // copy and paste a step, then undo the paste
    await nodeOfType(page, 'end').click();
    // copy only once the click has selected the step (a busy machine may take a moment)
    await expect.poll(() => nodeOfType(page, 'end').getAttribute('class')).toContain('selected');
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => nodeOfType(page, 'end').count()).toBe(2);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => nodeOfType(page, 'end').count()).toBe(1);
    await waitForSaved(page);
  });

  it('keeps the draft across a reload', async () => {
    await page.reload();
    await nodeOfType(page, 'send_message').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await nodeOfType(page, 'ask').textContent()).toContain('What is your name?');
    const draft = await getDraft(studio.app, botId);
    expect(draft.nodes.map((n) => n.type).sort()).toEqual(['ask', 'end', 'send_message', 'start']);
  });

  it('publishes, and lists the version with what changed', async () => {
    await expect.poll(() => page.getByTestId('publish').isEnabled()).toBe(true);
    await page.getByTestId('publish').click();
    await page.getByText('Version 1 is live').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.locator('[data-version="1"]').getByText('Live').waitFor();
  });

  it('chats with the draft in the simulator, highlighting the current step', async () => {
    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.fill('hi');
    await input.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'What is your name?' }).waitFor();
    await expect.poll(() => nodeOfType(page, 'ask').locator('[data-sim-here]').count()).toBe(1);
    await input.fill('Ada');
    await input.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Nice to meet you, Ada!' }).waitFor();
    await screenshot(page, 'editor-simulator');
  });

  it('rolls back to an earlier version after confirming', async () => {
    await page.getByRole('tab', { name: 'Step' }).click();
    await nodeOfType(page, 'send_message').click();
    await typeInMonaco(page, 'Message', 'Welcome, {{state.name}}.');
    await waitForSaved(page);
    await page.getByTestId('publish').click();
    await page.getByText('Version 2 is live').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.locator('[data-version="2"]').getByText('1 changed').waitFor();
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await page.locator('[data-version="3"]').getByText('Live').waitFor();
    await expect.poll(() => nodeOfType(page, 'send_message').textContent()).toContain('Nice to meet you');
    await page.locator('[data-save-status="saved"]').waitFor();
    await screenshot(page, 'editor-versions');
  });

  it('has no critical accessibility violations', async () => {
    await page.getByRole('tab', { name: 'Step' }).click();
    await nodeOfType(page, 'ask').click();
    const violations = await axeViolations(page);
    const critical = violations.filter((v) => v.impact === 'critical');
    expect(critical, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, 'editor-ask-panel');
  });
});
