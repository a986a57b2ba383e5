// A bot's flows over real HTTP against the local database: create, read, save, rename, duplicate
// and delete (refused while a jump or a trigger leads to the flow), names unique per bot, and
// publishing every flow together as one numbered version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'botflows' });
  token = await app.login();
});
afterAll(() => app?.stop());

const call = (method: string, path: string, body?: unknown) => app.call(method, path, { token, body });

async function newBot(name: string): Promise<string> {
  const res = await call('POST', '/api/bots', { name });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
async function newFlow(botId: string, name: string): Promise<string> {
  const res = await call('POST', `/api/bots/${botId}/flows`, { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const say = (text: string) => ({ nodes: [node('s', 'start'), node('m', 'send_message', { text })], edges: [edge('s', 'm')] });
const jumpTo = (flowId: string, first?: { id: string; type: string; data: Record<string, unknown>; handle: string }) =>
  first
    ? { nodes: [node('s', 'start'), node(first.id, first.type, first.data), node('go', 'jump', { flow_id: flowId })], edges: [edge('s', first.id), edge(first.id, 'go', first.handle)] }
    : { nodes: [node('s', 'start'), node('go', 'jump', { flow_id: flowId })], edges: [edge('s', 'go')] };
const saveMain = (botId: string, flow: unknown) => call('PUT', `/api/bots/${botId}/flow`, flow);
const saveFlow = (botId: string, flowId: string, flow: unknown) => call('PUT', `/api/bots/${botId}/flows/${flowId}`, flow);

describe('the flows of a bot', () => {
  it('lists the main flow first; creates a flow (201) that starts as a lone Start and reads its draft', async () => {
    const botId = await newBot('Clinic');
    const created = await call('POST', `/api/bots/${botId}/flows`, { name: 'FAQ' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), name: 'FAQ', main: false });
    const list = await call('GET', `/api/bots/${botId}/flows`);
    expect(list.body.map((f: { name: string; main: boolean }) => [f.name, f.main])).toEqual([
      ['Main', true],
      ['FAQ', false],
    ]);
    const draft = await call('GET', `/api/bots/${botId}/flows/${created.body.id}`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ flowId: created.body.id, name: 'FAQ', main: false, rev: 0, nodes: [{ id: 'start', type: 'start' }], edges: [], problems: [] });
    // the main flow is a flow like the others here too
    const mainId = list.body[0].id as string;
    expect((await call('GET', `/api/bots/${botId}/flows/${mainId}`)).body).toMatchObject({ flowId: mainId, name: 'Main', main: true });
  });

  it('saves a flow’s draft like the main one: always saved with its problems, 409 on a stale rev, 422 when malformed', async () => {
    const botId = await newBot('Saving');
    const faq = await newFlow(botId, 'FAQ');
    const saved = await saveFlow(botId, faq, { ...say(''), rev: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ flowId: faq, rev: 1, problems: [expect.objectContaining({ nodeId: 'm', path: '/nodes/1/data/text', severity: 'error' })] });
    const stale = await saveFlow(botId, faq, { ...say('Hello'), rev: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ rev: 1 });
    const malformed = await saveFlow(botId, faq, { nodes: [node('s', 'start'), node('x', 'teleport')], edges: [] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toContainEqual(expect.objectContaining({ path: '/nodes/1/type' }));
    // the main flow's draft was not touched by any of this
    expect((await call('GET', `/api/bots/${botId}`)).body.flow.rev).toBe(0);
  });

  it('answers 404 for a flow that does not exist or belongs to another bot, and for a bad id', async () => {
    const botId = await newBot('Mine');
    const otherBot = await newBot('Theirs');
    const theirs = await newFlow(otherBot, 'Secret');
    for (const path of [`/api/bots/${botId}/flows/${theirs}`, `/api/bots/${botId}/flows/0123456789abcdef01234567`, `/api/bots/${botId}/flows/not-an-id`]) {
      expect((await call('GET', path)).status, path).toBe(404);
      expect((await call('PUT', path, say('x'))).status, path).toBe(404);
      expect((await call('PATCH', path, { name: 'Taken over' })).status, path).toBe(404);
      expect((await call('POST', `${path}/duplicate`)).status, path).toBe(404);
      expect((await call('DELETE', path)).status, path).toBe(404);
    }
    expect((await call('GET', `/api/bots/0123456789abcdef01234567/flows`)).status).toBe(404);
    expect((await call('GET', `/api/bots/${otherBot}/flows/${theirs}`)).body.name).toBe('Secret');
  });

  it('keeps names unique per bot (409, any case), refuses blank or too long names (422), allows the same name in another bot', async () => {
    const botId = await newBot('Names');
    await newFlow(botId, 'FAQ');
    const again = await call('POST', `/api/bots/${botId}/flows`, { name: ' faq ' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already has a flow called “faq”/);
    expect((await call('POST', `/api/bots/${botId}/flows`, { name: 'main' })).status).toBe(409);
    const blank = await call('POST', `/api/bots/${botId}/flows`, { name: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0].path).toBe('/name');
    expect((await call('POST', `/api/bots/${botId}/flows`, { name: 'x'.repeat(81) })).status).toBe(422);
    expect((await call('POST', `/api/bots/${botId}/flows`, {})).status).toBe(422);
    expect((await call('POST', `/api/bots/${botId}/flows`, { name: 'FAQ', extra: 1 })).status).toBe(422);
    const elsewhere = await newBot('Other names');
    expect((await call('POST', `/api/bots/${elsewhere}/flows`, { name: 'FAQ' })).status).toBe(201);
  });

  it('renames a flow (jumps keep pointing at it) and refuses a name another flow has', async () => {
    const botId = await newBot('Renaming');
    const faq = await newFlow(botId, 'FAQ');
    await newFlow(botId, 'Feedback');
    const renamed = await call('PATCH', `/api/bots/${botId}/flows/${faq}`, { name: 'Questions' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: faq, name: 'Questions', main: false });
    expect((await call('PATCH', `/api/bots/${botId}/flows/${faq}`, { name: 'questions' })).status).toBe(200); // its own name, other case
    const clash = await call('PATCH', `/api/bots/${botId}/flows/${faq}`, { name: 'Feedback' });
    expect(clash.status).toBe(409);
    expect((await call('PATCH', `/api/bots/${botId}/flows/${faq}`, { name: '' })).status).toBe(422);
    const list = await call('GET', `/api/bots/${botId}/flows`);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual(['Main', 'questions', 'Feedback']);
  });

  it('duplicates a flow with its draft under a free name', async () => {
    const botId = await newBot('Duplicating');
    const faq = await newFlow(botId, 'FAQ');
    await saveFlow(botId, faq, say('Opening hours: 9 to 5'));
    const copy = await call('POST', `/api/bots/${botId}/flows/${faq}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'FAQ (copy)', main: false });
    expect((await call('POST', `/api/bots/${botId}/flows/${faq}/duplicate`)).body.name).toBe('FAQ (copy 2)');
    const draft = await call('GET', `/api/bots/${botId}/flows/${copy.body.id}`);
    expect(draft.body.nodes.map((n: { data: unknown }) => n.data)).toEqual([{}, { text: 'Opening hours: 9 to 5' }]);
  });

  it('refuses to delete the main flow, or a flow a jump or a trigger leads to (409 naming them); deletes it once nothing does', async () => {
    const botId = await newBot('Deleting');
    const flows = await call('GET', `/api/bots/${botId}/flows`);
    const mainId = flows.body[0].id as string;
    const main = await call('DELETE', `/api/bots/${botId}/flows/${mainId}`);
    expect(main.status).toBe(409);
    expect(main.body.error).toMatch(/main flow cannot be deleted/);

    const faq = await newFlow(botId, 'FAQ');
    await saveFlow(botId, faq, say('Hi'));
    await saveMain(botId, jumpTo(faq));
    const byJump = await call('DELETE', `/api/bots/${botId}/flows/${faq}`);
    expect(byJump.status).toBe(409);
    expect(byJump.body.error).toBe('“FAQ” is still used by a “Go to flow” step in “Main”. Change or remove those first');
    expect(byJump.body.usedBy).toEqual([{ kind: 'jump', flowId: mainId, flowName: 'Main', nodeId: 'go' }]);

    await saveMain(botId, say('No more jumps'));
    const trigger = await call('POST', `/api/bots/${botId}/triggers`, { name: 'FAQ keyword', type: 'keyword', flowId: faq, keywords: ['faq'], match: 'exact' });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
    const byTrigger = await call('DELETE', `/api/bots/${botId}/flows/${faq}`);
    expect(byTrigger.status).toBe(409);
    expect(byTrigger.body.error).toContain('the trigger “FAQ keyword”');
    expect(byTrigger.body.usedBy).toEqual([{ kind: 'trigger', triggerId: trigger.body.id, triggerName: 'FAQ keyword' }]);

    expect((await call('DELETE', `/api/bots/${botId}/triggers/${trigger.body.id}`)).status).toBe(204);
    // a flow that only jumps to itself is not kept alive by that
    await saveFlow(botId, faq, jumpTo(faq, { id: 'q', type: 'ask', data: { question: 'Again?', save_as: 'again' }, handle: 'answered' }));
    expect((await call('DELETE', `/api/bots/${botId}/flows/${faq}`)).status).toBe(204);
    expect((await call('GET', `/api/bots/${botId}/flows/${faq}`)).status).toBe(404);
    expect((await call('GET', `/api/bots/${botId}/flows`)).body).toHaveLength(1);
  });

  it('reports a jump to a flow that no longer exists and loops through jumps as problems on the step; drafts still save', async () => {
    const botId = await newBot('Checking');
    const faq = await newFlow(botId, 'FAQ');
    const missing = await saveMain(botId, jumpTo('0123456789abcdef01234567'));
    expect(missing.status).toBe(200);
    expect(missing.body.problems).toContainEqual(expect.objectContaining({ nodeId: 'go', path: '/nodes/1/data/flow_id', severity: 'error', message: expect.stringContaining('does not exist') }));

    await saveMain(botId, jumpTo(faq));
    const loop = await saveFlow(botId, faq, jumpTo((await call('GET', `/api/bots/${botId}/flows`)).body[0].id));
    expect(loop.status).toBe(200);
    expect(loop.body.problems).toEqual([expect.objectContaining({ nodeId: 'go', severity: 'error', message: expect.stringContaining('“FAQ” → “Main” → “FAQ”') })]);
    // the main flow's draft sees the same loop from its side
    expect((await call('GET', `/api/bots/${botId}`)).body.flow.problems).toEqual([expect.objectContaining({ nodeId: 'go', message: expect.stringContaining('“Main” → “FAQ” → “Main”') })]);
    const refused = await call('POST', `/api/bots/${botId}/publish`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { flowId: string; nodeId: string }) => e.nodeId)).toEqual(['go', 'go']);
  });
});

describe('publishing every flow as one version', () => {
  it('makes one version number for all flows; unchanged drafts answer 200 unchanged; a change in any flow makes the next version', async () => {
    const botId = await newBot('Publishing');
    const faq = await newFlow(botId, 'FAQ');
    await saveMain(botId, jumpTo(faq, { id: 'hi', type: 'send_message', data: { text: 'Welcome' }, handle: 'out' }));
    // an unfinished step in FAQ blocks publishing, naming the flow
    await saveFlow(botId, faq, say(''));
    const blocked = await call('POST', `/api/bots/${botId}/publish`);
    expect(blocked.status).toBe(422);
    expect(blocked.body.errors).toEqual([expect.objectContaining({ flowId: faq, nodeId: 'm', path: '/nodes/1/data/text' })]);

    await saveFlow(botId, faq, say('Open 9 to 5'));
    const v1 = await call('POST', `/api/bots/${botId}/publish`);
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    const again = await call('POST', `/api/bots/${botId}/publish`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, unchanged: true });
    // renaming is not a change to what the bot does
    await call('PATCH', `/api/bots/${botId}/flows/${faq}`, { name: 'Questions' });
    expect((await call('POST', `/api/bots/${botId}/publish`)).status).toBe(200);

    await saveFlow(botId, faq, say('Open 9 to 6'));
    const v2 = await call('POST', `/api/bots/${botId}/publish`);
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);

    const versions = await call('GET', `/api/bots/${botId}/versions`);
    expect(versions.body.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions.body[0].flowChanges).toEqual([{ flowId: faq, name: 'Questions', main: false, status: 'changed', changes: expect.objectContaining({ changedNodes: ['m'] }) }]);
    expect(versions.body[0].changes.changedNodes).toEqual([`${faq}/m`]);

    const detail = await call('GET', `/api/bots/${botId}/versions/1`);
    expect(detail.body.flows.map((f: { name: string; main: boolean }) => [f.name, f.main])).toEqual([
      ['Main', true],
      ['FAQ', false],
    ]);
    expect(detail.body.flows[1].nodes[1].data).toEqual({ text: 'Open 9 to 5' });
    expect(detail.body.nodes.map((n: { id: string }) => n.id)).toEqual(['s', 'hi', 'go']);
  });

  it('a flow that is only a Start does not block publishing (a warning); the main flow must lead somewhere', async () => {
    const botId = await newBot('Half built');
    await newFlow(botId, 'Later');
    await saveMain(botId, say('Hello'));
    const res = await call('POST', `/api/bots/${botId}/publish`);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toContainEqual(expect.objectContaining({ message: 'This flow does nothing yet: its Start leads nowhere' }));
  });

  it('rolls back every flow, bringing back a flow deleted since under its old id', async () => {
    const botId = await newBot('Rolling back');
    const faq = await newFlow(botId, 'FAQ');
    await saveMain(botId, jumpTo(faq, { id: 'hi', type: 'send_message', data: { text: 'Welcome' }, handle: 'out' }));
    await saveFlow(botId, faq, say('v1 answer'));
    expect((await call('POST', `/api/bots/${botId}/publish`)).body.version).toBe(1);
    await saveMain(botId, say('No FAQ any more'));
    expect((await call('DELETE', `/api/bots/${botId}/flows/${faq}`)).status).toBe(204);
    expect((await call('POST', `/api/bots/${botId}/publish`)).body.version).toBe(2);

    const back = await call('POST', `/api/bots/${botId}/versions/1/rollback`);
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ version: 3, rolledBackTo: 1 });
    const restored = await call('GET', `/api/bots/${botId}/flows/${faq}`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ name: 'FAQ', problems: [] });
    expect(restored.body.nodes[1].data).toEqual({ text: 'v1 answer' });
    expect((await call('GET', `/api/bots/${botId}`)).body.flow.problems).toEqual([]);
    expect((await call('POST', `/api/bots/${botId}/publish`)).body).toMatchObject({ version: 3, unchanged: true });
  });

  it('duplicating the bot copies every flow, its jumps pointing at the copy’s flows', async () => {
    const botId = await newBot('Original');
    const faq = await newFlow(botId, 'FAQ');
    await saveFlow(botId, faq, say('Hi from FAQ'));
    await saveMain(botId, jumpTo(faq));
    const copy = await call('POST', `/api/bots/${botId}/duplicate`);
    expect(copy.status).toBe(201);
    const flows = (await call('GET', `/api/bots/${copy.body.id}/flows`)).body as Array<{ id: string; name: string }>;
    expect(flows.map((f) => f.name)).toEqual(['Main', 'FAQ']);
    expect(flows[1]!.id).not.toBe(faq);
    const main = (await call('GET', `/api/bots/${copy.body.id}`)).body.flow;
    expect(main.nodes[1].data).toEqual({ flow_id: flows[1]!.id });
    expect(main.problems).toEqual([]);
  });

  it('viewers read flows but cannot change them', async () => {
    const botId = await newBot('Roles');
    const email = `viewer-${Date.now()}@botloom.test`;
    expect((await call('POST', '/api/users', { email, password: 'a long viewer password', role: 'viewer' })).status).toBe(201);
    const viewer = await app.login(email, 'a long viewer password');
    const as = (method: string, path: string, body?: unknown) => app.call(method, path, { token: viewer, body });
    expect((await as('GET', `/api/bots/${botId}/flows`)).status).toBe(200);
    expect((await as('POST', `/api/bots/${botId}/flows`, { name: 'Nope' })).status).toBe(403);
    expect((await app.call('GET', `/api/bots/${botId}/flows`)).status).toBe(401);
  });
});
