// An agent takes a conversation over, writes to the contact, and hands it back to the bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { armedTokens, botWithFlow, conversation, fireNow, journal, say, sayOk, transcript, until, type Api } from './conversations-helpers';

let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'conv-takeover' });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'Helpdesk', {
    nodes: [
      node('s', 'start'),
      node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
      node('color', 'ask', { question: 'Favourite colour, {{state.name}}?', save_as: 'color', timeout: { duration: 1, unit: 'seconds' } }),
      node('thanks', 'send_message', { text: 'Thanks {{state.name}}, {{state.color}} it is.' }),
      node('late', 'send_message', { text: 'Timed out, {{state.name}}.' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'name'),
      edge('name', 'color', 'answered'),
      edge('color', 'thanks', 'answered'),
      edge('color', 'late', 'timeout'),
      edge('thanks', 'e'),
      edge('late', 'e'),
    ],
  });
});
afterAll(() => app?.stop());

const post = (path: string, body?: unknown) => app.call('POST', path, { token: api.token, body });

describe('takeover and hand-back', () => {
  it('silences the bot while an agent writes, then resumes at the chosen node with the variables intact', async () => {
    await sayOk(api, botId, 'ada', 'hi');
    const askedAt = Date.now();
    const waiting = await sayOk(api, botId, 'ada', 'Ada');
    expect(waiting.replies).toEqual(['Favourite colour, Ada?']);
    const id = waiting.conversation!.id;
    const timerToken = (await journal(api, id)).filter((e) => e.type === 'effect.schedule_timer').at(-1)!.data.token as string;
    expect(await armedTokens(id)).toEqual([timerToken]);

    // nobody has taken it over yet: agents cannot write, nor hand back
    expect((await post(`/api/conversations/${id}/messages`, { text: 'Hello?' })).status).toBe(409);
    expect((await post(`/api/conversations/${id}/handback`, { nodeId: 'color' })).status).toBe(409);

    const taken = await post(`/api/conversations/${id}/takeover`);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ id, status: 'handoff', nodeId: 'color' });
    // the ask's timeout timer, armed before the takeover, is disarmed by the takeover's own write
    expect(await armedTokens(id)).toEqual([]);

    // the contact writes: stored, but the bot says nothing
    const ignored = await say(api, botId, 'ada', 'I need a human');
    expect(ignored.status).toBe(200);
    expect(ignored.replies).toEqual([]);
    expect(ignored.conversation).toMatchObject({ id, status: 'handoff' });

    const agent = await post(`/api/conversations/${id}/messages`, { text: 'Hi Ada, Sam here.' });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(agent.body).toMatchObject({ direction: 'out', text: 'Hi Ada, Sam here.', sentBy: 'agent', conversationId: id });

    // even if the old timer fires after all (a lost cancel), it does nothing while an agent has the conversation
    const revBefore = (await journal(api, id)).length;
    await fireNow(app, id, timerToken);
    // and the timeout the ask had set (1 s after the question) passes too
    await until('the original 1 s timeout to have passed', async () => Date.now() > askedAt + 1_500);
    expect(await conversation(api, id)).toMatchObject({ status: 'handoff', nodeId: 'color', state: { name: 'Ada' } });
    const lines = await transcript(api, botId, 'ada');
    expect(lines.map((m) => [m.direction, m.sentBy, m.text])).toEqual([
      ['in', 'contact', 'hi'],
      ['out', 'bot', 'Your name?'],
      ['in', 'contact', 'Ada'],
      ['out', 'bot', 'Favourite colour, Ada?'],
      ['in', 'contact', 'I need a human'],
      ['out', 'agent', 'Hi Ada, Sam here.'],
    ]);
    expect(lines.every((m) => m.conversationId === id)).toBe(true);
    const entries = await journal(api, id);
    expect(entries.slice(revBefore).filter((e) => e.type.startsWith('event.'))).toEqual([]);
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['takeover', 'agent_message']));

    // hand-back to a node that is not in the flow is refused; to a real one resumes there
    const unknown = await post(`/api/conversations/${id}/handback`, { nodeId: 'nowhere' });
    expect(unknown.status).toBe(422);
    expect(await conversation(api, id)).toMatchObject({ status: 'handoff' });
    const back = await post(`/api/conversations/${id}/handback`, { nodeId: 'color' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ id, status: 'waiting', nodeId: 'color', state: { name: 'Ada' }, agentId: null });
    expect((await transcript(api, botId, 'ada')).at(-1)).toMatchObject({ direction: 'out', sentBy: 'bot', text: 'Favourite colour, Ada?' });

    // the bot is back: the agent may no longer write, and the contact's answer is handled by the node
    expect((await post(`/api/conversations/${id}/messages`, { text: 'Still there?' })).status).toBe(409);
    const done = await sayOk(api, botId, 'ada', 'blue');
    expect(done.replies).toEqual(['Thanks Ada, blue it is.']);
    expect(done.conversation).toMatchObject({ id, status: 'completed', state: { name: 'Ada', color: 'blue' } });

    // a finished conversation cannot be taken over
    expect((await post(`/api/conversations/${id}/takeover`)).status).toBe(409);
  });

  it('keeps the journal whole when an agent writes while another hands the conversation back', async () => {
    for (let round = 0; round < 5; round++) {
      const contact = `race-${round}`;
      await sayOk(api, botId, contact, 'hi');
      const id = (await sayOk(api, botId, contact, `Racer ${round}`)).conversation!.id;
      expect((await post(`/api/conversations/${id}/takeover`)).status).toBe(200);
      const [agent, back] = await Promise.all([
        post(`/api/conversations/${id}/messages`, { text: `Bye ${round}` }),
        post(`/api/conversations/${id}/handback`, { nodeId: 'color' }),
      ]);
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect([201, 409]).toContain(agent.status); // before or after the hand-back
      const entries = await journal(api, id);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      expect(entries.filter((e) => e.type === 'event.resume_at')).toHaveLength(1);
      const out = (await transcript(api, botId, contact)).filter((m) => m.direction === 'out');
      expect(out.filter((m) => m.sentBy === 'bot').at(-1)).toMatchObject({ text: `Favourite colour, Racer ${round}?` });
      expect(out.filter((m) => m.sentBy === 'agent')).toHaveLength(agent.status === 201 ? 1 : 0);
    }
  });
});
