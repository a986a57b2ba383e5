// webhook_action against a real local HTTP server: rendered requests, stored answers, the failure
// path, the SSRF allow list, and secrets kept out of the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, journal, sayOk, type Api, type LocalServer, startLocalServer } from './conversations-helpers';

const SECRET = 'sk_live_7Hq2vX9pLm3Rt8Wz';

let server: LocalServer;
let app: TestApp | undefined;

beforeAll(async () => {
  server = await startLocalServer((req) => {
    if (req.url.startsWith('/fail')) return { status: 500, body: { error: 'database on fire', key: req.headers['x-api-key'] } };
    // the answer echoes the secret header: it must be stored, yet never journaled
    return { status: 200, body: { id: 'crm-42', owner: 'sales', seenKey: req.headers['x-api-key'] } };
  });
});
afterAll(async () => {
  await app?.stop();
  await server?.close();
});

async function start(env: Record<string, string>): Promise<Api> {
  await app?.stop();
  app = await startTestApp({ label: 'conv-webhooks', env });
  return { app, token: await app.login() };
}

/** ask a name -> call `path` on the local server -> say how it went. */
function webhookFlow(path: string) {
  return {
    nodes: [
      node('s', 'start'),
      node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
      node('hook', 'webhook_action', {
        url: `${server.url}${path}/{{state.name}}/notes?src={{contact.channel}}`,
        method: 'POST',
        headers: { 'X-Api-Key': SECRET, 'X-Contact': 'contact {{state.name}}' },
        body: { name: '{{state.name}}', tags: ['bot', '{{contact.channel}}'], nested: { greeting: 'Hello {{state.name}}' } },
        store_response_in: 'crm',
        timeout_ms: 5_000,
      }),
      node('ok', 'send_message', { text: 'Saved {{state.name}} as {{state.crm.id}} ({{state.crm.owner}}).' }),
      node('nope', 'send_message', { text: 'Could not save: {{state.crm.error}}' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'name'),
      edge('name', 'hook', 'answered'),
      edge('hook', 'ok', 'success'),
      edge('hook', 'nope', 'failure'),
      edge('ok', 'e'),
      edge('nope', 'e'),
    ],
  };
}

async function expectNoSecretInJournal(api: Api, conversationId: string): Promise<void> {
  const entries = await journal(api, conversationId);
  expect(entries.some((e) => e.type === 'effect.http_request')).toBe(true);
  expect(JSON.stringify(entries)).not.toContain(SECRET);
}

describe('webhook_action with the local server on the allow list', () => {
  let api: Api;
  beforeAll(async () => {
    api = await start({ WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${server.port}` });
  });

  it('sends the rendered request, stores the JSON answer and takes the success path', async () => {
    const botId = await botWithFlow(api, 'CRM', webhookFlow('/crm'));
    expect((await sayOk(api, botId, 'ada', 'hi')).replies).toEqual(['Your name?']);
    const before = server.requests.length;
    const done = await sayOk(api, botId, 'ada', 'Ada');

    expect(done.replies).toEqual(['Saved Ada as crm-42 (sales).']);
    expect(done.conversation).toMatchObject({
      status: 'completed',
      nodeId: 'e',
      state: { name: 'Ada', crm: { id: 'crm-42', owner: 'sales', seenKey: SECRET } },
    });
    expect(server.requests).toHaveLength(before + 1);
    const req = server.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/crm/Ada/notes?src=simulator');
    expect(req.headers['x-api-key']).toBe(SECRET);
    expect(req.headers['x-contact']).toBe('contact Ada');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(req.body)).toEqual({ name: 'Ada', tags: ['bot', 'simulator'], nested: { greeting: 'Hello Ada' } });

    const entries = await journal(api, done.conversation!.id);
    expect(entries.find((e) => e.type === 'effect.http_request')!.data).toMatchObject({
      method: 'POST',
      url: `${server.url}/crm/Ada/notes?src=simulator`,
    });
    expect(entries.find((e) => e.type === 'event.effect_result')!.data).toMatchObject({ ok: true });
    await expectNoSecretInJournal(api, done.conversation!.id);
  });

  it('takes the failure path when the server answers 500', async () => {
    const botId = await botWithFlow(api, 'CRM down', webhookFlow('/fail'));
    await sayOk(api, botId, 'bob', 'hi');
    const before = server.requests.length;
    const done = await sayOk(api, botId, 'bob', 'Bob');

    expect(server.requests).toHaveLength(before + 1);
    expect(server.requests[before]!.url).toBe('/fail/Bob/notes?src=simulator');
    expect(done.replies).toEqual(['Could not save: the server answered 500']);
    expect(done.conversation).toMatchObject({
      status: 'completed',
      nodeId: 'e',
      state: { name: 'Bob', crm: { error: 'the server answered 500', status: 500 } },
    });
    expect(JSON.stringify(done.conversation)).not.toContain(SECRET); // a failed answer's body is not kept
    await expectNoSecretInJournal(api, done.conversation!.id);
  });
});

describe('webhook_action without the allow list', () => {
  it('refuses the loopback server without sending it anything, and takes the failure path', async () => {
    const api = await start({});
    const botId = await botWithFlow(api, 'CRM blocked', webhookFlow('/crm'));
    await sayOk(api, botId, 'cyd', 'hi');
    const before = server.requests.length;
    const done = await sayOk(api, botId, 'cyd', 'Cyd');

    expect(server.requests).toHaveLength(before);
    expect(done.replies).toHaveLength(1);
    expect(done.replies[0]).toMatch(/^Could not save: .*not allowed/);
    expect(done.conversation).toMatchObject({ status: 'completed', nodeId: 'e', state: { name: 'Cyd', crm: { status: null } } });
    const entries = await journal(api, done.conversation!.id);
    expect(entries.find((e) => e.type === 'event.effect_result')!.data).toMatchObject({ ok: false });
    await expectNoSecretInJournal(api, done.conversation!.id);
  });
});
