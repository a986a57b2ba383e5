// Messenger and the web chat in a bot's settings, as an admin uses them: the page connected (field
// errors inline, secrets masked, the callback URL to copy), Messenger's advice on the canvas once it
// is connected, and the web chat's allowed sites and embed snippet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

const PAGE_TOKEN = 'EAAJpagetokenZZ0123456789abcdefWXYZ';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Later', 'Never'];

describe('Messenger and web chat settings', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-messenger-webchat');
    botId = await createBotViaApi(studio.app, 'Bakery');
    const token = await studio.app.login();
    const flow = {
      nodes: [node('start', 'start', {}, 0), node('pick', 'ask', { question: 'Which month?', answer_type: 'choice', choices: MONTHS, save_as: 'month', label: 'Pick a month' }, 120), node('bye', 'end', {}, 240)],
      edges: [edge('start', 'pick'), edge('pick', 'bye', 'answered')],
      rev: 0,
    };
    expect((await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('connects a Facebook page: errors under their field, secrets masked, the callback URL to copy', async () => {
    await page.goto(`/bots/${botId}/settings`);
    const messenger = page.getByRole('form', { name: 'Facebook Messenger' });
    await messenger.waitFor();
    await messenger.getByRole('textbox', { name: 'Page ID' }).fill('my bakery');
    await messenger.getByLabel('Page access token').fill(PAGE_TOKEN);
    await messenger.getByLabel('App secret').fill('9a8b7c6d5e4f30211203f4e5d6c7b8a9');
    await messenger.getByLabel('Verify token').fill('bakery-verify-123');
    await messenger.getByRole('button', { name: 'Connect Messenger' }).click();
    await messenger.getByRole('textbox', { name: 'Page ID' }).and(page.locator('[aria-invalid="true"]')).waitFor();

    await messenger.getByRole('textbox', { name: 'Page ID' }).fill('104729301283746');
    await messenger.getByLabel('Page access token').fill(PAGE_TOKEN);
    await messenger.getByLabel('App secret').fill('9a8b7c6d5e4f30211203f4e5d6c7b8a9');
    await messenger.getByLabel('Verify token').fill('bakery-verify-123');
    await messenger.getByRole('button', { name: 'Connect Messenger' }).click();
    await messenger.getByText('Connected', { exact: true }).waitFor();
    await messenger.getByText('saved: ••••WXYZ').waitFor();
    expect(await page.content()).not.toContain(PAGE_TOKEN);
    expect(await messenger.getByRole('textbox', { name: 'Messenger webhook callback URL' }).inputValue()).toMatch(new RegExp(`/webhooks/messenger/${botId}$`));
  });

  it('lists the sites that may embed the web chat and gives the snippet', async () => {
    const webchat = page.getByRole('form', { name: 'Web chat' });
    await webchat.getByRole('textbox', { name: /Sites that may embed/ }).fill('www.bakery.example');
    await webchat.getByRole('button', { name: 'Save web chat' }).click();
    await webchat.getByRole('textbox', { name: /Sites that may embed/ }).and(page.locator('[aria-invalid="true"]')).waitFor();
    await webchat.getByRole('textbox', { name: /Sites that may embed/ }).fill('https://www.bakery.example\nhttps://shop.bakery.example/');
    await webchat.getByRole('textbox', { name: 'Heading' }).fill('Ask the bakery');
    await webchat.getByRole('button', { name: 'Save web chat' }).click();
    await page.getByText('Web chat settings saved').waitFor();
    expect(await webchat.getByRole('textbox', { name: 'Embed snippet' }).inputValue()).toBe(`<script src="${studio.app.config.publicUrl}/chat/${botId}/widget.js" async></script>`);
    await screenshot(page, 'settings-messenger-webchat');
    // leaving and coming back: saved
    await page.reload();
    await expect.poll(() => page.getByRole('form', { name: 'Web chat' }).getByRole('textbox', { name: /Sites that may embed/ }).inputValue()).toBe('https://www.bakery.example\nhttps://shop.bakery.example');
  });

  it("shows on the node what Messenger changes: 14 choices are more than Messenger's 13 quick replies", async () => {
    await openEditor(page, botId);
    const badge = nodeOfType(page, 'ask').getByTestId('node-channel-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('FB');
    expect(await badge.getAttribute('aria-label')).toContain("On Messenger the choices are sent as numbered text, not quick replies: 14 choices are more than Messenger's 13 quick replies");
  });
});
