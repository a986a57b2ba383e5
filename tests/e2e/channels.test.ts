// A bot's channels in the settings (Twilio connected with fake credentials: the token is shown
// masked, never in clear), the channel advice on the canvas once WhatsApp is connected, and the
// editor read-only for a viewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

const AUTH_TOKEN = 'fake-twilio-token-0123456789abcd';
const VIEWER = { email: 'viewer@botloom.test', password: 'viewer-password-123', name: 'Val Viewer' };

describe('channels', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-channels');
    botId = await createBotViaApi(studio.app, 'Pizza shop');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node(
          'pick',
          'ask',
          {
            question: 'Which pizza?',
            answer_type: 'choice',
            choices: ['Margherita', 'Pepperoni', 'Funghi', 'Hawaii', 'Veggie'],
            save_as: 'pizza',
            label: 'Pick a pizza',
          },
          120,
        ),
        node('bye', 'end', {}, 240),
      ],
      edges: [edge('start', 'pick'), edge('pick', 'bye', 'answered')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const viewer = await studio.app.call('POST', '/api/users', { token, body: { ...VIEWER, role: 'viewer' } });
    expect(viewer.status, JSON.stringify(viewer.body)).toBe(201);
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('connects Twilio in the settings: field errors inline, the token masked, the webhook URLs to copy', async () => {
    await page.goto(`/bots/${botId}/settings`);
    await page.getByRole('heading', { name: 'Channels' }).waitFor();
    const twilio = page.getByRole('form', { name: 'Twilio' });
    await twilio.getByRole('textbox', { name: 'Account SID' }).fill('not-a-sid');
    await twilio.getByLabel('Auth token').fill(AUTH_TOKEN);
    await twilio.getByRole('textbox', { name: 'SMS sender' }).fill('+15550001111');
    await twilio.getByRole('button', { name: 'Connect Twilio' }).click();
    // the 422 lands under the field it is about
    await twilio.getByRole('textbox', { name: 'Account SID' }).and(page.locator('[aria-invalid="true"]')).waitFor();

    await twilio.getByRole('textbox', { name: 'Account SID' }).fill(`AC${'0123456789abcdef'.repeat(2)}`);
    await twilio.getByLabel('Auth token').fill(AUTH_TOKEN);
    await twilio.getByRole('textbox', { name: 'WhatsApp sender' }).fill('whatsapp:+15550002222');
    await twilio
      .getByRole('button', { name: 'Save Twilio' })
      .or(twilio.getByRole('button', { name: 'Connect Twilio' }))
      .click();
    await twilio.getByText('Connected', { exact: true }).waitFor();
    await twilio.getByText('saved: ••••abcd').waitFor();
    // the secret input is empty again and the clear token is nowhere in the page
    expect(await twilio.getByLabel('Auth token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(AUTH_TOKEN);

    const messages = await twilio.getByRole('textbox', { name: 'Twilio incoming messages webhook' }).inputValue();
    expect(messages).toMatch(new RegExp(`/webhooks/twilio/${botId}/messages$`));
    await twilio.getByRole('button', { name: 'Copy Twilio incoming messages webhook' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Meta webhook callback URL' }).inputValue()).toMatch(
      new RegExp(`/webhooks/whatsapp/${botId}$`),
    );
    await screenshot(page, 'settings-channels');

    const token = await studio.app.login();
    const channels = (await studio.app.call('GET', `/api/bots/${botId}/channels`, { token })).body;
    expect(channels.twilio).toMatchObject({
      connected: true,
      from: '+15550001111',
      whatsappFrom: 'whatsapp:+15550002222',
      authToken: '••••abcd',
    });

    const critical = (await axeViolations(page)).filter((v) => v.impact === 'critical');
    expect(critical, JSON.stringify(critical, null, 2)).toEqual([]);
  });

  it('shows what WhatsApp changes on the node, as advice that does not block publishing', async () => {
    await openEditor(page, botId);
    const badge = nodeOfType(page, 'ask').getByTestId('node-channel-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('aria-label')).toContain('shown as a list, not buttons');
    await page.getByRole('tab', { name: /Problems/ }).click();
    const entry = page.locator('[data-problem-kind="channel"]').filter({ hasText: 'On WhatsApp' });
    await entry.first().waitFor();
    await expect.poll(() => entry.first().textContent()).toContain('Channel');
    await page.getByRole('button', { name: /^Publish/ }).click();
    await page.getByText(/Live: v1/).waitFor();
    await screenshot(page, 'editor-channel-warning');
  });

  it('opens the editor read-only for a viewer', async () => {
    const viewerPage = await studio.newPage();
    await viewerPage.goto('/');
    await viewerPage.getByRole('textbox', { name: 'Email' }).fill(VIEWER.email);
    await viewerPage.getByRole('textbox', { name: 'Password' }).fill(VIEWER.password);
    await viewerPage.getByRole('button', { name: 'Sign in' }).click();
    await viewerPage.getByRole('heading', { name: 'Your bots' }).waitFor();
    await openEditor(viewerPage, botId);
    await viewerPage.getByText('Read-only: your role is viewer').waitFor();
    expect(await viewerPage.getByRole('button', { name: /^Publish/ }).count()).toBe(0);
    expect(await viewerPage.locator('nav [data-node-type="ask"]').count()).toBe(0);
    await nodeOfType(viewerPage, 'ask').click();
    const question = viewerPage.getByTestId('node-settings').locator('input:not([type="hidden"])').first();
    await question.waitFor();
    expect(await question.isDisabled()).toBe(true);
    await viewerPage.keyboard.press('Delete');
    expect(await nodeOfType(viewerPage, 'ask').count()).toBe(1);
    await screenshot(viewerPage, 'editor-read-only');

    // a viewer sees the channels but cannot change them
    await viewerPage.goto(`/bots/${botId}/settings`);
    await viewerPage.getByText('Only admins can change these.', { exact: false }).waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Save Twilio' }).count()).toBe(0);
    expect(await viewerPage.getByRole('textbox', { name: 'Account SID' }).isDisabled()).toBe(true);
  });
});
