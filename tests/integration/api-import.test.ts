// Importing a flow in the ChatBoost node format over real HTTP: the README's own example nodes
// become a Botloom draft; anything else is refused with paths into what was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { CHATBOOST_README_NODES } from '../fixtures/chatboost-readme-nodes';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'apiimport' });
  token = await app.login();
});
afterAll(() => app?.stop());

async function newBot(name: string): Promise<string> {
  return (await app.call('POST', '/api/bots', { token, body: { name } })).body.id;
}
const importInto = (id: string, body: unknown) => app.call('POST', `/api/bots/${id}/flow/import`, { token, body });
const draftOf = async (id: string) => (await app.call('GET', `/api/bots/${id}`, { token })).body.flow;

describe('POST /api/bots/:id/flow/import', () => {
  it.each([
    ['a bare array', CHATBOOST_README_NODES],
    ['{nodes}', { nodes: CHATBOOST_README_NODES }],
  ])('turns the README nodes given as %s into the draft (200)', async (_what, body) => {
    const id = await newBot('Imported');
    const before = await draftOf(id);
    const res = await importInto(id, body);
    expect(res.status).toBe(200);
    expect(res.body.rev).toBe(before.rev + 1);
    const byId = Object.fromEntries((res.body.nodes as Array<{ id: string; type: string; data: unknown }>).map((n) => [n.id, n]));
    expect(res.body.nodes.map((n: { type: string }) => n.type)).toEqual(['start', 'send_message', 'wait', 'condition', 'webhook_action']);
    expect(byId.n0).toMatchObject({ type: 'send_message', data: { text: 'Hello {{contact.first_name}}!' } });
    expect(byId.n1).toMatchObject({ type: 'wait', data: { mode: 'duration', duration: 5, unit: 'minutes' } });
    expect(byId.n2).toMatchObject({ type: 'condition', data: { variable: 'state.user_response', operator: '==', value: 'yes' } });
    expect(byId.n3).toMatchObject({
      type: 'webhook_action',
      data: {
        url: 'https://api.example.com/webhook',
        method: 'POST',
        headers: { Authorization: 'Bearer {{state.api_token}}' },
        body: { data: '{{state.user_data}}' },
        store_response_in: 'state.api_result',
      },
    });
    for (const n of res.body.nodes) expect(n.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    // next -> out, true_path -> true; references past the last node are left unconnected, with a warning each
    expect(
      res.body.edges.map((e: { source: string; sourceHandle: string; target: string }) => `${e.source}:${e.sourceHandle}->${e.target}`),
    ).toEqual(['start:out->n0', 'n0:out->n1', 'n1:out->n2', 'n2:true->n3']);
    expect(res.body.warnings).toEqual([
      expect.stringMatching(/false_path: no node with id 4/),
      expect.stringMatching(/next: no node with id 5/),
    ]);
    expect(res.body.problems).toEqual(expect.any(Array));

    // what was answered is what is stored
    const stored = await draftOf(id);
    expect(stored.nodes).toEqual(res.body.nodes);
    expect(stored.edges).toEqual(res.body.edges);
  });

  it('runs the imported flow in the simulator up to the pause', async () => {
    const id = await newBot('Imported run');
    expect((await importInto(id, CHATBOOST_README_NODES)).status).toBe(200);
    const res = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: { id: 'imp', attributes: { first_name: 'Ada' } }, text: 'hi' },
    });
    expect(res.status).toBe(200);
    expect(res.body.replies.map((r: { text: string }) => r.text)).toEqual(['Hello Ada!']);
    expect(res.body.conversation).toMatchObject({ status: 'waiting', nodeId: 'n1' });
  });

  it('answers 422 with paths into the input for garbage, and keeps the draft', async () => {
    const id = await newBot('Garbage');
    const flow = { nodes: [node('s', 'start'), node('e', 'end')], edges: [edge('s', 'e')] };
    expect((await app.call('PUT', `/api/bots/${id}/flow`, { token, body: flow })).status).toBe(200);
    const before = await draftOf(id);

    const res = await importInto(id, { nodes: [{ type: 'teleport', config: {} }, 42, { type: 'wait' }, { config: { next: 1 } }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: '/nodes/0/type', message: expect.stringMatching(/teleport/) }),
      expect.objectContaining({ path: '/nodes/1', message: expect.any(String) }),
      expect.objectContaining({ path: '/nodes/2/config', message: expect.any(String) }),
      expect.objectContaining({ path: '/nodes/3/type', message: expect.any(String) }),
    ]);

    const duplicateIds = await importInto(id, [
      { id: 'a', type: 'end', config: {} },
      { id: 'a', type: 'end', config: {} },
    ]);
    expect(duplicateIds.status).toBe(422);
    expect(duplicateIds.body.errors).toEqual([expect.objectContaining({ path: '/1/id', message: expect.stringMatching(/Two nodes/) })]);

    for (const body of [{ hello: 'world' }, { nodes: [] }, { nodes: 'all of them' }]) {
      const r = await importInto(id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.errors.length).toBeGreaterThan(0);
      for (const e of r.body.errors) expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    expect((await importInto(id, 'not json at all')).status).toBe(400);

    const after = await draftOf(id);
    expect(after.rev).toBe(before.rev);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.edges).toEqual(before.edges);
  });
});
