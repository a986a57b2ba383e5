// A builder gives a bot a second flow: creates "FAQ" from the flow bar, builds it, goes back to the
// main flow, adds a "Go to flow" step and picks FAQ by name, clicks through to it, renames it, is
// told why it cannot be deleted while the jump uses it, publishes (every flow at once) and talks to
// the bot in "Try it" across the jump. Switching flows never loses what was typed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { connect, dragFromPalette, nodeOfType, openEditor, typeInField, waitForSaved } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('several flows in one bot', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  let botId: string;
  let faqId = '';
  const api = (method: string, path: string, body?: unknown) => studio.app.call(method, path, { token, body });
  const flowBar = () => page.getByRole('navigation', { name: 'Flows of this bot' });
  const currentFlow = () => flowBar().locator('[aria-current="page"]');

  beforeAll(async () => {
    studio = await startStudio('e2e-flows');
    token = await studio.app.login();
    botId = (await api('POST', '/api/bots', { name: 'Clinic' })).body.id;
    const saved = await api('PUT', `/api/bots/${botId}/flow`, {
      nodes: [node('start', 'start'), node('welcome', 'send_message', { text: 'Welcome to the clinic' }, 150)],
      edges: [edge('start', 'welcome')],
    });
    expect(saved.status).toBe(200);
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('creates a second flow from the flow bar, typing its name and pressing Enter, and builds it', async () => {
    await openEditor(page, botId);
    expect(await currentFlow().textContent()).toContain('Main');
    await flowBar().getByRole('button', { name: 'New flow' }).click();
    const name = page.getByRole('dialog').getByRole('textbox', { name: 'Flow name' });
    await name.fill('Main');
    await name.press('Enter');
    // a name the bot already has is refused, in the field
    await page.getByRole('dialog').getByText('already has a flow called “Main”').waitFor();
    await name.fill('FAQ');
    await name.press('Enter');
    await page.waitForURL(/\?flow=[0-9a-f]{24}$/);
    faqId = new URL(page.url()).searchParams.get('flow')!;
    await expect.poll(() => currentFlow().textContent()).toContain('FAQ');
    await nodeOfType(page, 'start').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(1);

    const answer = await dragFromPalette(page, 'send_message', 420, 200);
    await typeInField(page, 'Message', 'We are open 9 to 5');
    await connect(page, nodeOfType(page, 'start'), 'out', answer);
    await waitForSaved(page);
    const draft = (await api('GET', `/api/bots/${botId}/flows/${faqId}`)).body;
    expect(draft.nodes.map((n: { type: string }) => n.type)).toEqual(['start', 'send_message']);
    expect(draft.nodes[1].data.text).toBe('We are open 9 to 5');
    // the main flow was not touched
    expect((await api('GET', `/api/bots/${botId}`)).body.flow.nodes).toHaveLength(2);
  });

  it('adds a "Go to flow" step in the main flow, picks FAQ by name, and a click opens FAQ', async () => {
    await flowBar().getByRole('link', { name: /^Main/ }).click();
    await page.waitForURL(new RegExp(`/bots/${botId}$`));
    await nodeOfType(page, 'send_message').waitFor();
    const jump = await dragFromPalette(page, 'jump', 420, 330);
    await connect(page, nodeOfType(page, 'send_message'), 'out', jump);
    await page.getByRole('combobox', { name: 'Flow' }).click();
    const options = page.getByRole('option');
    expect(await options.allTextContents()).toEqual(['Main (this flow)', 'FAQ']);
    await page.getByRole('option', { name: 'FAQ' }).click();
    await expect.poll(() => jump.textContent()).toContain('Continues in “FAQ”');
    await waitForSaved(page);
    const main = (await api('GET', `/api/bots/${botId}`)).body.flow;
    expect(main.nodes.find((n: { type: string }) => n.type === 'jump').data.flow_id).toBe(faqId);
    expect(main.problems).toEqual([]);
    await screenshot(page, 'flows-jump-panel');

    // the panel's link opens the flow it goes to
    await page.getByTestId('open-jump-flow').click();
    await page.waitForURL(new RegExp(`\\?flow=${faqId}$`));
    await expect.poll(() => currentFlow().textContent()).toContain('FAQ');
    await nodeOfType(page, 'send_message').filter({ hasText: 'We are open 9 to 5' }).waitFor();

    // and so does a double click on the step on the canvas
    await flowBar().getByRole('link', { name: /^Main/ }).click();
    await nodeOfType(page, 'jump').dblclick();
    await page.waitForURL(new RegExp(`\\?flow=${faqId}$`));
    await nodeOfType(page, 'send_message').filter({ hasText: 'We are open 9 to 5' }).waitFor();
  });

  it('keeps what was typed when switching flows straight away', async () => {
    await nodeOfType(page, 'send_message').click();
    await typeInField(page, 'Message', 'We are open 9 to 6');
    await flowBar().getByRole('link', { name: /^Main/ }).click();
    // either it was saved already and Main opens, or the editor asks to save first
    const main = new RegExp(`/bots/${botId}$`);
    const guard = page.getByRole('dialog', { name: 'You have unsaved changes…' });
    const asked = await Promise.race([page.waitForURL(main).then(() => false), guard.waitFor().then(() => true)]);
    if (asked) {
      await screenshot(page, 'flows-switch-unsaved');
      await guard.getByRole('button', { name: 'Save and leave' }).click();
    }
    await page.waitForURL(main);
    await expect.poll(async () => (await api('GET', `/api/bots/${botId}/flows/${faqId}`)).body.nodes[1].data.text).toBe('We are open 9 to 6');
  });

  it('renames FAQ; the step that goes there shows the new name', async () => {
    await page.goto(`/bots/${botId}?flow=${faqId}`);
    await nodeOfType(page, 'start').waitFor();
    await flowBar().getByRole('button', { name: 'More actions for the flow “FAQ”' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const name = page.getByRole('dialog').getByRole('textbox', { name: 'Flow name' });
    await name.fill('Questions');
    await name.press('Enter');
    await expect.poll(() => currentFlow().textContent()).toContain('Questions');
    await flowBar().getByRole('link', { name: /^Main/ }).click();
    await expect.poll(() => nodeOfType(page, 'jump').textContent()).toContain('Continues in “Questions”');
  });

  it('is told why a flow cannot be deleted while a step goes to it', async () => {
    await flowBar().getByRole('link', { name: 'Questions' }).click();
    await page.waitForURL(new RegExp(`\\?flow=${faqId}$`));
    await flowBar().getByRole('button', { name: 'More actions for the flow “Questions”' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete flow' }).click();
    await page.getByRole('alert').filter({ hasText: '“Questions” is still used by a “Go to flow” step in “Main”' }).waitFor();
    await screenshot(page, 'flows-delete-refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', `/api/bots/${botId}/flows`)).body).toHaveLength(2);
  });

  it('duplicates a flow and deletes the copy after confirming', async () => {
    await flowBar().getByRole('button', { name: 'More actions for the flow “Questions”' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect.poll(() => currentFlow().textContent()).toContain('Questions (copy)');
    await nodeOfType(page, 'send_message').filter({ hasText: 'We are open 9 to 6' }).waitFor();
    await flowBar().getByRole('button', { name: 'More actions for the flow “Questions (copy)”' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete flow' }).click();
    await page.waitForURL(new RegExp(`/bots/${botId}$`));
    await expect.poll(async () => (await api('GET', `/api/bots/${botId}/flows`)).body.map((f: { name: string }) => f.name)).toEqual(['Main', 'Questions']);
    await nodeOfType(page, 'jump').waitFor();
    await expect.poll(() => flowBar().getByRole('link').allTextContents()).toEqual(['Main', 'Questions']);
  });

  it('publishes every flow as one version and talks across the jump in "Try it"', async () => {
    await nodeOfType(page, 'jump').waitFor();
    await expect.poll(() => page.getByTestId('publish').isEnabled()).toBe(true);
    await page.getByTestId('publish').click();
    await page.getByText('Version 1 is live').waitFor();
    const version = (await api('GET', `/api/bots/${botId}/versions/1`)).body;
    expect(version.flows.map((f: { name: string }) => f.name)).toEqual(['Main', 'Questions']);

    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.fill('hi');
    await input.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Welcome to the clinic' }).waitFor();
    await page.getByTestId('sim-bot-message').filter({ hasText: 'We are open 9 to 6' }).waitFor();
    // where it went is said in grey, not as a problem
    await page.getByTestId('system-info-line').filter({ hasText: 'Went on to the flow “Questions”' }).waitFor();
    expect(await page.getByTestId('system-line').count()).toBe(0);
    // and placed between what each flow said
    const lines = await page.locator('[data-testid="sim-bot-message"], [data-testid="system-info-line"]').allTextContents();
    expect(lines.map((l) => l.trim())).toEqual(['Welcome to the clinic', 'Went on to the flow “Questions”', 'We are open 9 to 6']);
    await screenshot(page, 'flows-try-it');
  });

  it('shows the jump in the inbox transcript, and names steps of the other flow after it', async () => {
    await page.goto(`/bots/${botId}/inbox`);
    const row = page.getByTestId('conversation-row').first();
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('at Questions › Send message: We are open 9 to 6');
    await row.click();
    await page.getByTestId('system-info-line').filter({ hasText: 'Went on to the flow “Questions”' }).waitFor();
    await screenshot(page, 'flows-inbox');
  });

  it('shows each flow of a published version, read-only', async () => {
    await page.goto(`/bots/${botId}/versions/1`);
    await nodeOfType(page, 'jump').waitFor();
    await page.getByRole('combobox', { name: 'Flow' }).click();
    await page.getByRole('option', { name: 'Questions' }).click();
    await page.waitForURL(new RegExp(`flow=${faqId}`));
    await nodeOfType(page, 'send_message').filter({ hasText: 'We are open 9 to 6' }).waitFor();
    expect(await nodeOfType(page, 'jump').count()).toBe(0);
  });

  it('replays the conversation across the jump: the jump is said, and the other flow opens to follow it', async () => {
    const conversations = (await api('GET', `/api/bots/${botId}/conversations`)).body as Array<{ id: string }>;
    const id = conversations[0]!.id;
    await page.goto(`/bots/${botId}?replay=${id}`);
    const position = page.getByTestId('replay-position');
    await position.waitFor();
    const next = page.getByRole('button', { name: 'Next step' });
    while (!((await position.textContent()) ?? '').includes('Go to flow')) await next.click();
    await page.getByTestId('replay-jump').filter({ hasText: 'Went on to the flow “Questions”' }).waitFor();
    await next.click();
    await expect.poll(() => position.textContent()).toContain('a step of “Questions”');
    await page.getByTestId('replay-open-flow').click();
    await page.waitForURL(new RegExp(`\\?flow=${faqId}&replay=${id}$`));
    await nodeOfType(page, 'send_message').filter({ hasText: 'We are open 9 to 6' }).waitFor();
    // stepping to the same place in this flow highlights its own step
    while (!((await position.textContent()) ?? '').startsWith('5 /')) await next.click();
    await expect.poll(() => nodeOfType(page, 'send_message').locator('[data-sim-here]').count()).toBe(1);
    await screenshot(page, 'flows-replay');
  });
});
