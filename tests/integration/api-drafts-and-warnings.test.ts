// A draft always saves: what a person typed wrong is a problem on its node in the PUT answer, not a
// refused save. Exits leading nowhere and opt-out words as choices come back as warnings
// (severity "warning"); publishing refuses problems, lets warnings through, and makes no new version
// when nothing changed since the live one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'apidrafts' });
  token = await app.login();
});
afterAll(() => app?.stop());

async function newBot(name: string): Promise<string> {
  const res = await app.call('POST', '/api/bots', { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}
const save = (id: string, body: unknown) => app.call('PUT', `/api/bots/${id}/flow`, { token, body });
const publish = (id: string) => app.call('POST', `/api/bots/${id}/publish`, { token });
const draftOf = async (id: string) => (await app.call('GET', `/api/bots/${id}`, { token })).body.flow;

const GOOD = {
  nodes: [
    node('s', 'start'),
    node('q', 'ask', { question: 'Your name?', save_as: 'name' }, 100),
    node('m', 'send_message', { text: 'Hi {{state.name}}' }, 200),
    node('e', 'end', {}, 300),
  ],
  edges: [edge('s', 'q'), edge('q', 'm', 'answered'), edge('m', 'e')],
};

describe('PUT /api/bots/:id/flow saves whatever a person typed', () => {
  it('keeps a 5,001-character message and a variable name with a space, listed as problems on their nodes', async () => {
    const id = await newBot('Typed');
    const long = 'x'.repeat(5001);
    const flow = {
      nodes: [GOOD.nodes[0], node('q', 'ask', { question: 'Your name?', save_as: 'my name' }, 100), node('m', 'send_message', { text: long }, 200), GOOD.nodes[3]],
      edges: GOOD.edges,
    };
    const res = await save(id, flow);
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/save_as', severity: 'error', message: expect.any(String) }),
        expect.objectContaining({ nodeId: 'm', path: '/nodes/2/data/text', severity: 'error', message: expect.any(String) }),
      ]),
    );
    const stored = await draftOf(id);
    expect(stored.nodes[1].data.save_as).toBe('my name');
    expect(stored.nodes[2].data.text).toBe(long);
    expect(stored.problems).toEqual(res.body.problems);
    // publishing still refuses them
    const refused = await publish(id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'q' }), expect.objectContaining({ nodeId: 'm' })]));
  });

  it('still refuses what no editor produces (a wrong JSON type) with 422 and keeps the draft', async () => {
    const id = await newBot('Malformed');
    expect((await save(id, GOOD)).status).toBe(200);
    const res = await save(id, { nodes: [...GOOD.nodes.slice(0, 2), node('m', 'send_message', { text: 42 }, 200), GOOD.nodes[3]], edges: GOOD.edges });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ nodeId: 'm', path: '/nodes/2/data/text' })]);
    expect((await draftOf(id)).nodes[2].data.text).toBe('Hi {{state.name}}');
  });
});

describe('warnings', () => {
  it('lists exits leading nowhere and opt-out choices with severity "warning", and publishing goes ahead', async () => {
    const id = await newBot('Warnings');
    const flow = {
      nodes: [
        node('s', 'start'),
        node('q', 'ask', { label: 'Ask for a date', question: 'Which day?', save_as: 'day', timeout: { duration: 1, unit: 'hours' } }, 100),
        node('c', 'ask', { question: 'Anything else?', save_as: 'more', answer_type: 'choice', choices: ['Book', 'STOP'] }, 200),
        node('e', 'end', {}, 300),
      ],
      edges: [edge('s', 'q'), edge('q', 'c', 'answered'), edge('c', 'e', 'answered')],
    };
    const res = await save(id, flow);
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([
      expect.objectContaining({ nodeId: 'q', path: '/nodes/1', severity: 'warning', message: expect.stringContaining('does not answer in time') }),
      expect.objectContaining({ nodeId: 'c', path: '/nodes/2/data/choices/1', severity: 'warning', message: expect.stringContaining('unsubscribes') }),
    ]);
    const published = await publish(id);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 1, unchanged: false });
    expect(published.body.warnings).toHaveLength(2);
  });
});

describe('a new bot and publishing', () => {
  it('opens with no problems, and cannot be published until Start leads somewhere', async () => {
    const id = await newBot('Blank');
    expect((await draftOf(id)).problems).toEqual([]);
    const res = await publish(id);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ nodeId: 'start', message: expect.stringContaining('Connect Start to the first step') })]);
  });

  it('makes no new version when nothing changed since the live one (200, unchanged), and does when something did', async () => {
    const id = await newBot('Idempotent');
    expect((await save(id, GOOD)).status).toBe(200);
    const first = await publish(id);
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(1);
    // moving a card is not a change
    expect((await save(id, { ...GOOD, nodes: GOOD.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: 7 } })) })).status).toBe(200);
    const again = await publish(id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, unchanged: true });
    expect((await app.call('GET', `/api/bots/${id}/versions`, { token })).body).toHaveLength(1);
    const changed = { ...GOOD, nodes: [...GOOD.nodes.slice(0, 2), node('m', 'send_message', { text: 'Hello {{state.name}}' }, 200), GOOD.nodes[3]] };
    expect((await save(id, changed)).status).toBe(200);
    const second = await publish(id);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, unchanged: false });
  });
});
