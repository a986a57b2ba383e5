import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'smoke' });
  token = await app.login();
});
afterAll(() => app?.stop());

describe('the API end to end', () => {
  it('answers health once ready and refuses unauthenticated calls', async () => {
    expect((await app.call('GET', '/api/health')).body.status).toBe('ok');
    expect((await app.call('GET', '/api/bots')).status).toBe(401);
  });

  it('runs a drafted flow in the simulator', async () => {
    const bot = await app.call('POST', '/api/bots', { token, body: { name: 'Echo' } });
    expect(bot.status).toBe(201);
    const flow = {
      nodes: [node('s', 'start'), node('a', 'ask', { question: 'Your name?', save_as: 'name' }), node('m', 'send_message', { text: 'Hello {{state.name}}!' }), node('e', 'end')],
      edges: [edge('s', 'a'), edge('a', 'm', 'answered'), edge('m', 'e')],
    };
    expect((await app.call('PUT', `/api/bots/${bot.body.id}/flow`, { token, body: flow })).status).toBe(200);
    const first = await app.call('POST', `/api/bots/${bot.body.id}/simulator/messages`, { token, body: { contact: 'c1', text: 'hi' } });
    expect(first.body.replies).toEqual([{ text: 'Your name?', nodeId: 'a' }]);
    const second = await app.call('POST', `/api/bots/${bot.body.id}/simulator/messages`, { token, body: { contact: 'c1', text: 'Ada' } });
    expect(second.body.replies.map((r: { text: string }) => r.text)).toEqual(['Hello Ada!']);
    expect(second.body.conversation).toMatchObject({ status: 'completed', nodeId: 'e', state: { name: 'Ada' } });
  });
});
