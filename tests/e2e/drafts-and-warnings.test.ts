// A receptionist builds a bot alone and nothing she types is lost: a too-long message and a
// variable name with a space are problems on their steps, never a reason the rest is not saved;
// leaving while a save is still on its way asks first, and a failed save says so. Exits that lead
// nowhere are warnings on the step, named in plain words before publishing; publishing the same
// thing twice is not offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { edge, node } from '../support/app-harness';
import { connect, createBotViaApi, dragFromPalette, getDraft, nodeOfType, openEditor, typeInMonaco, waitForSaved } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

/** Pastes into a text field of the settings panel, as a person pastes a long text. */
async function pasteInField(page: Page, field: string, text: string): Promise<void> {
  const editor = page.locator(`[data-template-field="${field}"] :is(textarea, input), [data-monaco-field="${field}"] .monaco-editor`).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

const FLOW_SAVES = '**/api/bots/*/flow';

/** Lets a dialog finish fading in before a screenshot (spinners, which never finish, aside). */
async function settled(page: Page): Promise<void> {
  // a string: the tests' TypeScript has no DOM types; this runs in the page
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)))',
  );
}

describe('drafts always save, warnings are named', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  const long = `${'Thanks for writing to us. '.repeat(200).slice(0, 5000)}!`;

  beforeAll(async () => {
    studio = await startStudio('e2e-drafts');
    botId = await createBotViaApi(studio.app, 'Front desk');
    page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
  });
  afterAll(async () => studio?.close());

  it('opens a new bot clean: no problem, a gentle hint, and nothing to publish yet', async () => {
    expect(long).toHaveLength(5001);
    expect(await nodeOfType(page, 'start').locator('[data-testid="node-issue-badge"]').count()).toBe(0);
    expect(await page.getByTestId('problem-count').count()).toBe(0);
    await page.getByRole('tab', { name: 'Problems' }).click();
    await page.getByTestId('start-hint').waitFor();
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.getByTestId('publish').hover({ force: true });
    await page.getByRole('tooltip').filter({ hasText: 'Add a first step and connect Start to it' }).waitFor();
    await screenshot(page, 'drafts-new-bot-clean');
  });

  it('saves everything else while a message is too long and a variable name has a space', async () => {
    await page.getByRole('tab', { name: 'Step' }).click();
    const hello = await dragFromPalette(page, 'send_message', 470, 90);
    const ask = await dragFromPalette(page, 'ask', 470, 260);
    const thanks = await dragFromPalette(page, 'send_message', 470, 430);
    await connect(page, nodeOfType(page, 'start'), 'out', hello);
    await connect(page, hello, 'out', ask);
    await connect(page, ask, 'answered', thanks);

    await hello.click();
    await pasteInField(page, 'Message', long);
    await ask.click();
    await typeInMonaco(page, 'Question', 'What is your name?');
    const saveAs = page.getByRole('textbox', { name: 'Save the answer as' });
    await saveAs.click();
    await page.keyboard.type('my name');
    // each bad field is a problem on its own step; the draft is saved all the same
    await expect.poll(() => hello.locator('[data-testid="node-issue-badge"]').count()).toBe(1);
    await expect.poll(() => ask.locator('[data-testid="node-issue-badge"]').count()).toBe(1);
    await waitForSaved(page);
    expect(await page.locator('[data-save-status="blocked"]').count()).toBe(0);

    // edit another step, and leave with the back arrow while that save is still on its way
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(FLOW_SAVES, async (route: Route) => {
      await held;
      await route.continue();
    });
    await thanks.click();
    await typeInMonaco(page, 'Message', 'See you soon, {{state.name}}!');
    await page.locator('[data-save-status="saving"]').waitFor();
    await page.getByRole('link', { name: 'Back to all bots' }).click();
    const dialog = page.getByRole('dialog', { name: 'You have unsaved changes…' });
    await dialog.waitFor();
    await settled(page);
    await screenshot(page, 'drafts-leave-unsaved');
    await dialog.getByRole('button', { name: 'Save and leave' }).click();
    release();
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.unroute(FLOW_SAVES);

    const draft = await getDraft(studio.app, botId);
    const texts = draft.nodes.filter((n) => n.type === 'send_message').map((n) => n.data.text);
    expect(texts.sort()).toEqual([long, 'See you soon, {{state.name}}!'].sort());
    expect(draft.nodes.find((n) => n.type === 'ask')?.data).toMatchObject({ question: 'What is your name?', save_as: 'my name' });
    expect(draft.edges).toHaveLength(3);
  });

  it('shows the bad fields as problems on their steps when she comes back, with one count', async () => {
    await page.getByRole('link', { name: 'Open Front desk' }).click();
    const ask = nodeOfType(page, 'ask');
    await ask.waitFor();
    await expect.poll(() => ask.locator('[data-testid="node-issue-badge"]').count()).toBe(1);
    const hello = nodeOfType(page, 'send_message').filter({ hasText: 'Thanks for writing' });
    await expect.poll(() => hello.locator('[data-testid="node-issue-badge"]').count()).toBe(1);
    await page.getByRole('tab', { name: 'Problems' }).click();
    await page.getByText('Use a variable name such as state.email').first().waitFor();
    await page.getByText('Too long: at most 4096 characters').first().waitFor();
    // the tab's badge and the Publish tooltip give the same number
    const count = await page.getByTestId('problem-count').textContent();
    expect(count).toBe('2');
    await page.getByTestId('publish').hover({ force: true });
    await page.getByRole('tooltip').filter({ hasText: `Fix ${count} problems first` }).waitFor();
    await screenshot(page, 'drafts-problems-after-return');
  });

  it('says so when saving failed, and lets her stay', async () => {
    await page.route(FLOW_SAVES, (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"The database is not reachable"}' }));
    await page.getByRole('tab', { name: 'Step' }).click();
    await nodeOfType(page, 'ask').click();
    await typeInMonaco(page, 'Question', 'What is your first name?');
    await page.locator('[data-save-status="error"]').waitFor();
    await page.getByRole('link', { name: 'Bot settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your changes were not saved' });
    await dialog.getByText('Saving failed: The database is not reachable. If you leave now').waitFor();
    await settled(page);
    await screenshot(page, 'drafts-leave-save-failed');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(`/bots/${botId}`);
    // the work is still in the tab, and is saved once the server answers again
    await page.unroute(FLOW_SAVES);
    await waitForSaved(page);
    expect((await getDraft(studio.app, botId)).nodes.find((n) => n.type === 'ask')?.data.question).toBe('What is your first name?');
  });
});

describe('exits that lead nowhere', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;

  beforeAll(async () => {
    studio = await startStudio('e2e-warnings');
    botId = await createBotViaApi(studio.app, 'Dates');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('date', 'ask', { label: 'Ask for a date', question: 'Which day suits you?', save_as: 'day', timeout: { duration: 1, unit: 'hours' } }, 140),
        node('done', 'send_message', { text: 'See you on {{state.day}}.' }, 280),
      ],
      edges: [edge('start', 'date'), edge('date', 'done', 'answered')],
      rev: 0,
    };
    expect((await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
    page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
  });
  afterAll(async () => studio?.close());

  it('marks the step, names the exit in plain words before publishing, and then offers nothing to publish', async () => {
    const ask = nodeOfType(page, 'ask');
    const badge = ask.locator('[data-testid="node-issue-badge"]');
    await badge.waitFor();
    await expect.poll(() => ask.locator('[data-warning]').count()).toBe(1);
    await page.getByRole('tab', { name: 'Problems' }).click();
    await page.getByText('Nothing happens when the contact does not answer in time').waitFor();
    expect(await page.getByTestId('problem-count').textContent()).toBe('1');

    await page.getByTestId('publish').click();
    const dialog = page.getByRole('dialog', { name: 'Publish with 1 warning?' });
    await dialog.getByText('“Ask for a date” — nothing happens when the contact does not answer in time').waitFor();
    await settled(page);
    await screenshot(page, 'drafts-publish-warnings');
    await dialog.getByRole('button', { name: 'Publish anyway' }).click();
    await page.getByText('Version 1 is live').waitFor();

    await expect.poll(() => page.getByTestId('publish').isDisabled()).toBe(true);
    await page.getByTestId('publish').hover({ force: true });
    await page.getByRole('tooltip').filter({ hasText: 'Nothing changed since version 1' }).waitFor();
    // moving a step changes nothing the contact sees
    const box = (await ask.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await waitForSaved(page);
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
  });
});
