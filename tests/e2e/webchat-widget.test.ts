// The embeddable web chat in Chromium, as a visitor of another website meets it: a shop's page on
// another origin embeds <script src=".../chat/:botId/widget.js">; the visitor opens it with the
// keyboard, is greeted, taps a choice button, types with Enter, receives a reply that comes later
// (pushed live), closes it with Escape, reloads and finds the conversation still there; on a phone
// the chat fills the screen. The bot lists the shop's origin as allowed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { edge, node } from '../support/app-harness';
import { axeViolations, screenshot, startStudio, type StudioSession } from './support/studio-browser';

describe('the web chat widget on another site', () => {
  let studio: StudioSession;
  let shop: Server;
  let shopUrl: string;
  let botId: string;

  beforeAll(async () => {
    studio = await startStudio('e2e-webchat');
    const token = await studio.app.login();
    const created = await studio.app.call('POST', '/api/bots', { token, body: { name: 'Corner Shop' } });
    botId = created.body.id;
    const flow = {
      nodes: [
        node('s', 'start', {}, 0),
        node('hi', 'send_message', { text: "Hi! I'm the Corner Shop assistant." }, 100),
        node('topic', 'ask', { question: 'What can I help with?', answer_type: 'choice', choices: ['Opening hours', 'Delivery'], save_as: 'topic' }, 200),
        node('name', 'ask', { question: 'Happy to help with {{state.topic}}. What is your name?', answer_type: 'text', save_as: 'name' }, 300),
        node('thanks', 'send_message', { text: 'Thanks, {{state.name}}! One moment…' }, 400),
        node('w', 'wait', { mode: 'duration', duration: 1, unit: 'seconds' }, 500),
        node('answer', 'send_message', { text: 'We are open 8:00–20:00 every day.' }, 600),
        node('e', 'end', {}, 700),
      ],
      edges: [edge('s', 'hi'), edge('hi', 'topic'), edge('topic', 'name', 'answered'), edge('name', 'thanks', 'answered'), edge('thanks', 'w'), edge('w', 'answer'), edge('answer', 'e')],
    };
    expect((await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
    expect((await studio.app.call('POST', `/api/bots/${botId}/publish`, { token })).status).toBe(201);

    // the shop's own site, on another origin (another port), embedding the widget
    const widgetUrl = `${studio.app.url}/chat/${botId}/widget.js`;
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Corner Shop</title></head>
<body><main><h1>Corner Shop</h1><p><a href="/about">About us</a></p></main><script src="${widgetUrl}" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', () => resolve()));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    const allowed = await studio.app.call('PUT', `/api/bots/${botId}/channels/webchat`, { token, body: { allowedOrigins: [shopUrl] } });
    expect(allowed.status).toBe(200);
  });
  afterAll(async () => {
    await studio?.close();
    await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
  });

  async function shopPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await studio.browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
    await page.goto(shopUrl);
    return page;
  }

  const bubbles = (page: Page) => page.locator('[data-botloom-chat] .bubble');

  it('holds a conversation with the keyboard and the choice buttons, and shows a later reply as it comes', async () => {
    const page = await shopPage();
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    // keyboard only: the page's link, then the launcher
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => launcher.evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Chat with Corner Shop' });
    await dialog.waitFor();
    await expect.poll(() => bubbles(page).allTextContents()).toEqual(["Bot: Hi! I'm the Corner Shop assistant.", 'Bot: What can I help with?']);
    const box = page.getByRole('textbox', { name: 'Your message' });
    await expect.poll(() => box.evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement)).toBe(true);

    // the choices are buttons
    await page.getByRole('group', { name: 'Choices' }).getByRole('button', { name: 'Opening hours' }).click();
    await expect.poll(() => bubbles(page).allTextContents()).toContain('Bot: Happy to help with Opening hours. What is your name?');
    await expect(page.getByRole('button', { name: 'Delivery' }).count()).resolves.toBe(0);

    // typing with Enter
    await box.fill('Ada');
    await box.press('Enter');
    await expect.poll(() => bubbles(page).allTextContents()).toContain('Bot: Thanks, Ada! One moment…');
    await expect(box.inputValue()).resolves.toBe('');
    // the reply after the wait arrives on its own (pushed over the live connection)
    await expect.poll(() => bubbles(page).allTextContents(), { timeout: 10_000 }).toContain('Bot: We are open 8:00–20:00 every day.');
    await screenshot(page, 'webchat-widget-conversation');

    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Escape closes it and gives focus back to the launcher
    await box.press('Escape');
    await expect(dialog.isHidden()).resolves.toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Chat with us' }).evaluate((el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement)).toBe(true);

    // leaving and coming back: the conversation is still there
    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await expect.poll(() => bubbles(page).allTextContents()).toEqual([
      "Bot: Hi! I'm the Corner Shop assistant.",
      'Bot: What can I help with?',
      'You: Opening hours',
      'Bot: Happy to help with Opening hours. What is your name?',
      'You: Ada',
      'Bot: Thanks, Ada! One moment…',
      'Bot: We are open 8:00–20:00 every day.',
    ]);
    await page.context().close();
  });

  it('fills a phone-sized screen and still takes a message', async () => {
    const page = await shopPage({ width: 375, height: 667 });
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat with Corner Shop' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 667 });
    await expect.poll(() => bubbles(page).count()).toBe(2);
    await page.getByRole('button', { name: 'Delivery' }).click();
    await expect.poll(() => bubbles(page).allTextContents()).toContain('Bot: Happy to help with Delivery. What is your name?');
    await screenshot(page, 'webchat-widget-phone');
    await page.context().close();
  });
});
