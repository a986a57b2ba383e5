// Drafts, versions and publishing over real HTTP: unfinished drafts are saved with their
// problems, malformed ones are refused without losing the stored draft, stale saves get a 409,
// and published versions never change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'apiflows' });
  token = await app.login();
});
afterAll(() => app?.stop());

type Flow = { nodes: ReturnType<typeof node>[]; edges: ReturnType<typeof edge>[] };

const V1: Flow = {
  nodes: [
    node('s', 'start'),
    node('a', 'ask', { question: 'Your name?', save_as: 'name' }, 100),
    node('m', 'send_message', { text: 'Hi {{state.name}}' }, 200),
    node('e', 'end', {}, 300),
  ],
  edges: [edge('s', 'a'), edge('a', 'm', 'answered'), edge('m', 'e')],
};
/** V1 with the greeting changed, a pause added before a new end, and the old end removed. */
const V2: Flow = {
  nodes: [
    V1.nodes[0]!,
    V1.nodes[1]!,
    node('m', 'send_message', { text: 'Welcome, {{state.name}}!' }, 200),
    node('w', 'wait', { mode: 'duration', duration: 1, unit: 'minutes' }, 300),
    node('e2', 'end', {}, 400),
  ],
  // the pause's edge leaves sourceHandle unset, as the contract allows for a node with one way out
  edges: [edge('s', 'a'), edge('a', 'm', 'answered'), edge('m', 'w'), edge('w', 'e2')],
};
/** V2 as stored: the pause's only exit is named. */
const V2_STORED: Flow = { nodes: V2.nodes, edges: [...V2.edges.slice(0, 3), { ...edge('w', 'e2'), sourceHandle: 'out' }] };

async function newBot(name: string): Promise<string> {
  const res = await app.call('POST', '/api/bots', { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id;
}
const save = (id: string, body: unknown) => app.call('PUT', `/api/bots/${id}/flow`, { token, body });
const draftOf = async (id: string) =>
  (await app.call('GET', `/api/bots/${id}`, { token })).body.flow as Flow & { rev: number; problems: unknown[] };
const version = async (id: string, n: number) => (await app.call('GET', `/api/bots/${id}/versions/${n}`, { token })).body;

describe('PUT /api/bots/:id/flow', () => {
  it('saves an unfinished flow (200) with its problems located by node and path, and increments rev', async () => {
    const id = await newBot('Unfinished');
    const before = await draftOf(id);
    const unfinished = {
      nodes: [node('s', 'start'), node('m', 'send_message', {}), node('q', 'ask', { save_as: 'answer' })],
      edges: [edge('s', 'm'), edge('m', 'q')],
    };
    const res = await save(id, unfinished);
    expect(res.status).toBe(200);
    expect(res.body.rev).toBe(before.rev + 1);
    expect(res.body.nodes).toEqual(unfinished.nodes);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'm', path: '/nodes/1/data', message: expect.stringMatching(/Message/) }),
        expect.objectContaining({ nodeId: 'q', path: '/nodes/2/data/question', message: expect.any(String) }),
      ]),
    );
    const stored = await draftOf(id);
    expect(stored.rev).toBe(before.rev + 1);
    expect(stored.nodes).toEqual(unfinished.nodes);
    expect(stored.problems).toEqual(res.body.problems);
    // a finished flow has none
    const done = await save(id, { ...V1, rev: stored.rev });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ rev: stored.rev + 1, problems: [] });
  });

  it('drops editor-only state (selected, dragging, measured) but keeps position and data', async () => {
    const id = await newBot('Editor state');
    const withUiState = {
      nodes: V1.nodes.map((n) => ({ ...n, selected: true, dragging: false, measured: { width: 10, height: 10 } })),
      edges: V1.edges.map((e) => ({ ...e, animated: true })),
    };
    expect((await save(id, withUiState)).status).toBe(200);
    const stored = await draftOf(id);
    expect(stored.nodes).toEqual(V1.nodes);
    expect(stored.edges).toEqual(V1.edges);
  });

  it('accepts an edge without sourceHandle from a node with one way out, even when its type has more (a pausing Wait)', async () => {
    const id = await newBot('Sole exits');
    const res = await save(id, V2);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.edges).toEqual(V2_STORED.edges);
    // a Wait for a reply has two ways out: there the edge must say which
    const reply = {
      nodes: [V1.nodes[0]!, node('w', 'wait', { mode: 'reply' }), node('e', 'end')],
      edges: [edge('s', 'w'), edge('w', 'e')],
    };
    const refused = await save(id, reply);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: '/edges/1/sourceHandle', nodeId: 'w' })]);
  });

  it('answers 409 to a rev older than the stored one and leaves the draft unchanged', async () => {
    const id = await newBot('Two tabs');
    const first = await save(id, { ...V1, rev: 0 });
    expect(first.status).toBe(200);
    expect(first.body.rev).toBe(1);
    const second = await save(id, { ...V2, rev: 1 });
    expect(second.body.rev).toBe(2);
    const stale = await save(id, { nodes: [node('s', 'start')], edges: [], rev: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: expect.stringMatching(/changed elsewhere/), rev: 2 });
    const stored = await draftOf(id);
    expect(stored.rev).toBe(2);
    expect(stored.nodes).toEqual(V2.nodes);
    expect(stored.edges).toEqual(V2_STORED.edges);
    // without rev the save is unconditional
    expect((await save(id, V1)).body.rev).toBe(3);
  });

  it('lets exactly one of several simultaneous saves from the same rev win', async () => {
    const id = await newBot('Race');
    const { rev } = await draftOf(id);
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const answers = await Promise.all(
      texts.map((text) => save(id, { nodes: [node('s', 'start'), node('m', 'send_message', { text })], edges: [edge('s', 'm')], rev })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const stored = await draftOf(id);
    expect(stored.rev).toBe(rev + 1);
    expect(stored.nodes).toEqual(winner.body.nodes);
  });

  describe('refuses malformed flows (422) and keeps the stored draft', () => {
    let id: string;
    let saved: Flow & { rev: number };
    beforeAll(async () => {
      id = await newBot('Malformed');
      expect((await save(id, V1)).status).toBe(200);
      saved = await draftOf(id);
    });

    const withNode = (n: ReturnType<typeof node>, e?: ReturnType<typeof edge>) => ({
      nodes: [...V1.nodes, n],
      edges: e ? [...V1.edges, e] : V1.edges,
    });
    const cases: Array<[string, unknown, { path: string; nodeId?: string; message?: RegExp }]> = [
      [
        'an unknown node type',
        withNode(node('x', 'teleport'), edge('a', 'x', 'timeout')),
        { path: '/nodes/4/type', nodeId: 'x', message: /Unknown node type "teleport"/ },
      ],
      [
        'a wrong value type (duration: "abc")',
        withNode(node('w', 'wait', { mode: 'duration', duration: 'abc', unit: 'minutes' }), edge('a', 'w', 'timeout')),
        { path: '/nodes/4/data/duration', nodeId: 'w', message: /number/ },
      ],
      [
        'a value outside its enum',
        withNode(node('w', 'wait', { mode: 'duration', duration: 5, unit: 'fortnights' }), edge('a', 'w', 'timeout')),
        { path: '/nodes/4/data/unit', nodeId: 'w', message: /one of: seconds, minutes, hours, days/ },
      ],
      [
        'an edge to a missing node',
        { nodes: V1.nodes, edges: [...V1.edges, edge('a', 'ghost', 'timeout')] },
        { path: '/edges/3/target', message: /ghost/ },
      ],
      [
        'an edge from an unknown handle',
        { nodes: V1.nodes, edges: [...V1.edges, edge('a', 'e', 'maybe')] },
        { path: '/edges/3/sourceHandle', nodeId: 'a', message: /Unknown exit "maybe"/ },
      ],
      ['a second start', withNode(node('s2', 'start')), { path: '/nodes/4/type', nodeId: 's2', message: /one Start/ }],
      ['two nodes with one id', withNode(node('m', 'end')), { path: '/nodes/4/id', nodeId: 'm' }],
      [
        'a node without a position',
        { nodes: [...V1.nodes, { id: 'p', type: 'end', data: {} }], edges: V1.edges },
        { path: '/nodes/4/position' },
      ],
      ['a node that is not an object', { nodes: [...V1.nodes, 'end'], edges: V1.edges }, { path: '/nodes/4' }],
    ];

    it.each(cases)('%s', async (_what, body, expected) => {
      const res = await save(id, { ...(body as object), rev: saved.rev });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual(expect.any(String));
      for (const e of res.body.errors) expect(e).toMatchObject({ path: expect.any(String), message: expect.any(String) });
      const { message, ...where } = expected;
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ ...where, ...(message ? { message: expect.stringMatching(message) } : {}) })]),
      );
      const after = await draftOf(id);
      expect(after.rev).toBe(saved.rev);
      expect(after.nodes).toEqual(saved.nodes);
      expect(after.edges).toEqual(saved.edges);
    });

    it('answers 422 naming the field when nodes or edges are not lists', async () => {
      for (const [body, path] of [
        [{ nodes: {}, edges: [] }, '/nodes'],
        [{ nodes: [] }, '/edges'],
        [{ nodes: [], edges: [], rev: 'latest' }, '/rev'],
      ] as const) {
        const res = await save(id, body);
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      }
      expect((await draftOf(id)).rev).toBe(saved.rev);
    });
  });
});

describe('POST /api/bots/:id/publish and versions', () => {
  let id: string;
  beforeAll(async () => {
    id = await newBot('Versions');
  });

  it('answers 422 with located errors while the draft is unfinished, and makes no version', async () => {
    expect((await save(id, { nodes: [node('s', 'start'), node('q', 'ask', { question: 'Name?' })], edges: [edge('s', 'q')] })).status).toBe(
      200,
    );
    const res = await app.call('POST', `/api/bots/${id}/publish`, { token });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/save_as', message: expect.any(String) })]),
    );
    expect((await app.call('GET', `/api/bots/${id}/versions`, { token })).body).toEqual([]);
    const sim = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: 'p', text: 'hi', version: 'published' },
    });
    expect(sim.status).toBe(422);
  });

  it('publishes version 1 then 2 (201), each listed with what changed', async () => {
    expect((await save(id, V1)).status).toBe(200);
    const one = await app.call('POST', `/api/bots/${id}/publish`, { token });
    expect(one.status).toBe(201);
    expect(one.body.version).toBe(1);
    expect((await save(id, V2)).status).toBe(200);
    const two = await app.call('POST', `/api/bots/${id}/publish`, { token });
    expect(two.status).toBe(201);
    expect(two.body.version).toBe(2);
    expect((await app.call('GET', `/api/bots/${id}`, { token })).body.publishedVersion).toBe(2);

    const list = await app.call('GET', `/api/bots/${id}/versions`, { token });
    expect(list.status).toBe(200);
    expect(list.body.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(list.body[0].changes).toMatchObject({ addedNodes: ['w', 'e2'], removedNodes: ['e'], changedNodes: ['m'] });
    expect(list.body[0].changes.addedEdges).toEqual(expect.arrayContaining(['m:->w', 'w:out->e2']));
    expect(list.body[1].changes).toBeNull();
  });

  it('keeps a published version immutable while the draft changes', async () => {
    const v1 = await version(id, 1);
    expect(v1.nodes).toEqual(V1.nodes);
    expect(v1.edges).toEqual(V1.edges);
    expect((await save(id, { nodes: [node('s', 'start'), node('m', 'send_message', {})], edges: [edge('s', 'm')] })).status).toBe(200);
    expect(await version(id, 1)).toEqual(v1);
    expect((await version(id, 2)).nodes).toEqual(V2.nodes);
    // the live bot still answers with version 2 while the draft is unfinished
    const sim = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: 'live', text: 'hi', version: 'published' },
    });
    expect(sim.status).toBe(200);
    expect(sim.body.replies.map((r: { text: string }) => r.text)).toEqual(['Your name?']);
    const next = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: 'live', text: 'Ada', version: 'published' },
    });
    expect(next.body.replies.map((r: { text: string }) => r.text)).toEqual(['Welcome, Ada!']);
  });

  it('rolls back to version 1 as a new version 3 with the same content, and resets the draft', async () => {
    const staleRev = (await draftOf(id)).rev;
    const res = await app.call('POST', `/api/bots/${id}/versions/1/rollback`, { token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 3, rolledBackTo: 1 });
    const [v1, v3] = [await version(id, 1), await version(id, 3)];
    expect(v3.nodes).toEqual(v1.nodes);
    expect(v3.edges).toEqual(v1.edges);
    const draft = await draftOf(id);
    expect(draft.nodes).toEqual(V1.nodes);
    expect(draft.edges).toEqual(V1.edges);
    expect(draft.rev).toBeGreaterThan(staleRev);
    expect(draft.problems).toEqual([]);
    const list = (await app.call('GET', `/api/bots/${id}/versions`, { token })).body;
    expect(list.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(list[0].changes).toMatchObject({ addedNodes: ['e'], removedNodes: ['w', 'e2'], changedNodes: ['m'] });
    // a tab still holding the pre-rollback draft cannot overwrite the rolled-back one
    expect((await save(id, { ...V2, rev: staleRev })).status).toBe(409);
    const sim = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: 'after-rollback', text: 'hi', version: 'published' },
    });
    const next = await app.call('POST', `/api/bots/${id}/simulator/messages`, {
      token,
      body: { contact: 'after-rollback', text: 'Bo', version: 'published' },
    });
    expect([...sim.body.replies, ...next.body.replies].map((r: { text: string }) => r.text)).toEqual(['Your name?', 'Hi Bo']);
  });

  it('answers 404 for a version that does not exist and 422 for one that is not a number', async () => {
    expect((await app.call('GET', `/api/bots/${id}/versions/99`, { token })).status).toBe(404);
    expect((await app.call('POST', `/api/bots/${id}/versions/99/rollback`, { token })).status).toBe(404);
    const nan = await app.call('GET', `/api/bots/${id}/versions/one`, { token });
    expect(nan.status).toBe(422);
    expect(nan.body.errors).toEqual([expect.objectContaining({ path: '/number' })]);
    expect((await app.call('POST', `/api/bots/${id}/versions/0/rollback`, { token })).status).toBe(422);
    expect((await app.call('GET', `/api/bots/${id}/versions`, { token })).body).toHaveLength(3);
  });

  it('numbers simultaneous publishes without gaps or repeats', async () => {
    const other = await newBot('Publish race');
    expect((await save(other, V1)).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 6 }, () => app.call('POST', `/api/bots/${other}/publish`, { token })));
    // the same draft: a publish that finds it already live makes no version (200, unchanged); the others race
    expect(answers.every((a) => a.status === 201 || (a.status === 200 && a.body.unchanged === true))).toBe(true);
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.version as number).sort((a, b) => a - b);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created).toEqual(created.map((_, i) => i + 1));
    const newest = created.length;
    const list = (await app.call('GET', `/api/bots/${other}/versions`, { token })).body;
    expect(list.map((v: { version: number }) => v.version)).toEqual([...created].reverse());
    // the live version is the newest one, whatever order the publishes finished in
    expect(list.filter((v: { live: boolean }) => v.live).map((v: { version: number }) => v.version)).toEqual([newest]);
    expect((await app.call('GET', `/api/bots/${other}`, { token })).body.publishedVersion).toBe(newest);
  });

  it('publishes a flow with only warnings (an unreachable step) and returns them', async () => {
    const other = await newBot('Warnings');
    expect(
      (await save(other, { nodes: [...V1.nodes, node('orphan', 'send_message', { text: 'Nobody reaches me' })], edges: V1.edges })).status,
    ).toBe(200);
    const res = await app.call('POST', `/api/bots/${other}/publish`, { token });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(1);
    expect(res.body.warnings).toEqual([expect.objectContaining({ nodeId: 'orphan', path: '/nodes/4', severity: 'warning' })]);
  });
});
