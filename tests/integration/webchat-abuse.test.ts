// The public chat endpoints under pressure: new sessions limited per address, messages per session
// and per address (small limits set for this file), and the bot's allowed origins deciding which
// web pages may use the chat (CORS), its live connection, and who may frame the hosted page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, publish, type Api } from './conversations-helpers';
import { guestSocket, openSession, say } from './webchat-helpers';

const SHOP = 'https://shop.example.test';

let app: TestApp;
let api: Api;
let openBot: string;
let shopBot: string;

const echo = { nodes: [node('s', 'start'), node('hi', 'send_message', { text: 'Hi!' }), node('w', 'wait', { mode: 'reply', save_as: 'said' }), node('m', 'send_message', { text: 'You said {{state.said}}' })], edges: [edge('s', 'hi'), edge('hi', 'w'), edge('w', 'm', 'reply'), edge('m', 'w')] };

beforeAll(async () => {
  app = await startTestApp({ label: 'webchat-abuse', env: { CHAT_SESSIONS_PER_10_MIN: '8', CHAT_MESSAGES_PER_MIN: '4', CHAT_MESSAGES_PER_MIN_PER_ADDRESS: '7' } });
  api = { app, token: await app.login() };
  openBot = await botWithFlow(api, 'Open', echo);
  shopBot = await botWithFlow(api, 'Shop', echo);
  for (const id of [openBot, shopBot]) await publish(api, id);
});
afterAll(async () => {
  await app?.stop();
});

describe('allowed origins', () => {
  it('are set by admins, normalised, checked (422 for what is not an origin), and listed with the embed snippet', async () => {
    const bad = await app.call('PUT', `/api/bots/${shopBot}/channels/webchat`, { token: api.token, body: { allowedOrigins: ['shop.example.test/path'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/allowedOrigins/0');
    const res = await app.call('PUT', `/api/bots/${shopBot}/channels/webchat`, { token: api.token, body: { allowedOrigins: ['HTTPS://Shop.Example.Test:443'], title: 'Shop help' } });
    expect(res.status).toBe(200);
    expect(res.body.webchat).toMatchObject({ enabled: true, allowedOrigins: [SHOP], title: 'Shop help', widgetUrl: expect.stringContaining(`/chat/${shopBot}/widget.js`) });
    expect(res.body.webchat.snippet).toBe(`<script src="${res.body.webchat.widgetUrl}" async></script>`);
    expect((await app.call('PUT', `/api/bots/${shopBot}/channels/webchat`, { body: { enabled: false } })).status).toBe(401);
  });

  it('a listed origin gets CORS answers; another site is refused (403, no CORS headers); a bot listing none admits any site', async () => {
    const preflight = (botId: string, origin: string) =>
      fetch(`${app.url}/chat/${botId}/messages`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const ok = await preflight(shopBot, SHOP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect((await preflight(shopBot, 'https://evil.example.test')).headers.get('access-control-allow-origin')).toBeNull();

    const fromShop = await app.call('POST', `/chat/${shopBot}/sessions`, { body: {}, headers: { origin: SHOP } });
    expect(fromShop.status).toBe(201);
    expect(fromShop.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(fromShop.body.title).toBe('Shop help');
    const fromElsewhere = await app.call('POST', `/chat/${shopBot}/sessions`, { body: {}, headers: { origin: 'https://evil.example.test' } });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.body.error).toContain('https://evil.example.test');
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // a script (no Origin) is not a web page: its token and the rate limits guard it
    expect((await app.call('POST', `/chat/${shopBot}/sessions`, { body: {} })).status).toBe(201);
    const anySite = await app.call('POST', `/chat/${openBot}/sessions`, { body: {}, headers: { origin: 'https://anyone.example.test' } });
    expect(anySite.status).toBe(201);
    expect(anySite.headers.get('access-control-allow-origin')).toBe('https://anyone.example.test');
  });

  it('the live connection and the hosted page follow the same list', async () => {
    const guest = await openSession(app, shopBot, {}, { origin: SHOP });
    const live = await guestSocket(app, guest.token, SHOP);
    live.socket.disconnect();
    await expect(guestSocket(app, guest.token, 'https://evil.example.test')).rejects.toThrow(/unauthorized/);
    const page = await fetch(`${app.url}/chat/${shopBot}`);
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${SHOP}`);
    expect(page.headers.get('x-frame-options')).toBeNull();
  });

  it("turned off, the bot's chat answers 404 everywhere", async () => {
    const guest = await openSession(app, shopBot, {}, { origin: SHOP });
    expect((await app.call('PUT', `/api/bots/${shopBot}/channels/webchat`, { token: api.token, body: { enabled: false } })).status).toBe(200);
    expect((await app.call('POST', `/chat/${shopBot}/sessions`, { body: {} })).status).toBe(404);
    expect((await say(app, shopBot, guest.token, 'hi')).status).toBe(404);
    expect((await fetch(`${app.url}/chat/${shopBot}/widget.js`)).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('messages: per session (4 a minute here), with a clear 429 and Retry-After; another session goes on', async () => {
    const one = await openSession(app, openBot);
    for (let i = 1; i <= 4; i++) expect((await say(app, openBot, one.token, `m${i}`)).status).toBe(200);
    const limited = await say(app, openBot, one.token, 'm5');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('Too many messages in this chat: wait a minute and try again');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const two = await openSession(app, openBot);
    expect((await say(app, openBot, two.token, 'hello')).status).toBe(200);
  });

  it('messages: per address across its sessions (7 a minute here)', async () => {
    const three = await openSession(app, openBot);
    let status = 200;
    for (let i = 0; i < 4 && status === 200; i++) status = (await say(app, openBot, three.token, `n${i}`)).status;
    expect(status).toBe(429);
    const res = await say(app, openBot, three.token, 'again');
    expect(res.body.error).toMatch(/Too many messages/);
  });

  it('new sessions: per address (8 in 10 minutes here)', async () => {
    let res = await app.call('POST', `/chat/${openBot}/sessions`, { body: {} });
    for (let i = 0; i < 10 && res.status === 201; i++) res = await app.call('POST', `/chat/${openBot}/sessions`, { body: {} });
    expect(res.status).toBe(429);
    expect(res.body.error).toBe('Too many new chats from this address: wait a few minutes and try again');
  });
});
