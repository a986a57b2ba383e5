// A conversation that goes from one flow to another through a "Go to flow" step, over Twilio's real
// webhook path (signed webhooks in, the real twilio SDK out to a local stand-in) and the simulator:
// same conversation and variables across the jump, the jump in the journal, and the version the
// conversation started on kept for every flow after a new publish.
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowModel, FlowVersionModel } from '../../server/src/adapters/mongo/models';
import { edge, node, type TestApp } from '../support/app-harness';
import { journal, sayOk, until, type Api } from './conversations-helpers';
import { bodiesTo, connectTwilio, contactSays, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('conv-jumps'));
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

const call = (method: string, path: string, body?: unknown) => api.app.call(method, path, { token: api.token, body });

/** Main asks a name and goes to FAQ; FAQ greets by that name, asks a topic, answers with `tag`. */
function mainFlow(faqId: string) {
  return {
    nodes: [node('s', 'start'), node('name', 'ask', { question: 'Your name?', save_as: 'name' }), node('go', 'jump', { flow_id: faqId })],
    edges: [edge('s', 'name'), edge('name', 'go', 'answered')],
  };
}
function faqFlow(tag: string) {
  return {
    nodes: [
      node('s', 'start'),
      node('hi', 'send_message', { text: `FAQ ${tag} for {{state.name}}` }),
      node('topic', 'ask', { question: `Topic? (${tag})`, save_as: 'topic' }),
      node('answer', 'send_message', { text: `${tag}: {{state.name}} asked about {{state.topic}}` }),
    ],
    edges: [edge('s', 'hi'), edge('hi', 'topic'), edge('topic', 'answer', 'answered')],
  };
}

async function botWithFaq(name: string): Promise<{ botId: string; faqId: string }> {
  const bot = await call('POST', '/api/bots', { name });
  expect(bot.status).toBe(201);
  const faq = await call('POST', `/api/bots/${bot.body.id}/flows`, { name: 'FAQ' });
  expect(faq.status).toBe(201);
  expect((await call('PUT', `/api/bots/${bot.body.id}/flow`, mainFlow(faq.body.id))).status).toBe(200);
  expect((await call('PUT', `/api/bots/${bot.body.id}/flows/${faq.body.id}`, faqFlow('v1'))).status).toBe(200);
  return { botId: bot.body.id, faqId: faq.body.id };
}

async function publishAll(botId: string): Promise<number> {
  const res = await call('POST', `/api/bots/${botId}/publish`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.version as number;
}

describe('jumping between flows', () => {
  it('over Twilio: continues in the other flow with the same conversation and variables, and stays on its version after a new publish', async () => {
    const { botId, faqId } = await botWithFaq('Twilio jumps');
    expect(await publishAll(botId)).toBe(1);
    await connectTwilio(api, botId, { smsPerSecond: 100 });
    const ada = '+15550001001';
    const bob = '+15550001002';

    await contactSays(api, botId, ada, 'hi');
    await until('the question', async () => bodiesTo(twilio, ada).length === 1);
    await contactSays(api, botId, ada, 'Ada');
    await until('the FAQ', async () => bodiesTo(twilio, ada).length === 3);
    expect(bodiesTo(twilio, ada)).toEqual(['Your name?', 'FAQ v1 for Ada', 'Topic? (v1)']);

    // the FAQ changes and is published while Ada is in it
    expect((await call('PUT', `/api/bots/${botId}/flows/${faqId}`, faqFlow('v2'))).status).toBe(200);
    expect(await publishAll(botId)).toBe(2);

    await contactSays(api, botId, ada, 'prices');
    await until('the answer', async () => bodiesTo(twilio, ada).length === 4);
    expect(bodiesTo(twilio, ada)[3]).toBe('v1: Ada asked about prices');

    // one conversation all along, pinned to version 1, with the jump journaled
    const list = await call('GET', `/api/bots/${botId}/conversations`);
    const adas = (list.body as Array<{ id: string; contact?: { address?: string }; status: string }>).filter((c) => JSON.stringify(c).includes(ada));
    expect(adas).toHaveLength(1);
    const entries = await journal(api, adas[0]!.id);
    expect(entries.find((e) => e.type === 'jumped')).toMatchObject({ nodeId: 'go', data: { flowId: faqId, flowName: 'FAQ', to: `${faqId}/s` } });
    expect(entries.filter((e) => e.type === 'node_entered').map((e) => e.nodeId)).toEqual(['s', 'name', 'go', `${faqId}/s`, `${faqId}/hi`, `${faqId}/topic`, `${faqId}/answer`]);
    // the inbox's transcript says where it went, as information, not as a problem
    const notices = (await call('GET', `/api/conversations/${adas[0]!.id}/notices`)).body;
    expect(notices).toEqual([expect.objectContaining({ nodeId: 'go', kind: 'jumped', message: 'Went on to the flow “FAQ”' })]);
    expect(notices[0].ending).toBeUndefined();
    const v1 = (await call('GET', `/api/bots/${botId}/versions`)).body.find((v: { version: number }) => v.version === 1).id as string;
    expect((await call('GET', `/api/conversations/${adas[0]!.id}`)).body).toMatchObject({ status: 'completed', flowVersionId: v1 });

    // analytics count a jump as going on, not as dropping off
    const funnel = (await call('GET', `/api/bots/${botId}/analytics?version=1`)).body;
    expect(funnel.nodes.find((n: { nodeId: string }) => n.nodeId === 'go')).toMatchObject({ reached: 1, continued: 1, dropOff: 0 });
    expect(funnel.nodes.find((n: { nodeId: string }) => n.nodeId === `${faqId}/hi`)).toMatchObject({ reached: 1, continued: 1 });

    // a new contact gets version 2 in both flows
    await contactSays(api, botId, bob, 'hello');
    await until('the question', async () => bodiesTo(twilio, bob).length === 1);
    await contactSays(api, botId, bob, 'Bob');
    await until('the FAQ', async () => bodiesTo(twilio, bob).length === 3);
    expect(bodiesTo(twilio, bob)).toEqual(['Your name?', 'FAQ v2 for Bob', 'Topic? (v2)']);
  });

  it('in the simulator: the draft runs every flow as it is being edited, and a jump’s target is pinned with the snapshot', async () => {
    const { botId, faqId } = await botWithFaq('Simulator jumps');
    expect((await sayOk(api, botId, 'tess', 'hi')).replies).toEqual(['Your name?']);
    const jumped = await sayOk(api, botId, 'tess', 'Tess');
    expect(jumped.replies).toEqual(['FAQ v1 for Tess', 'Topic? (v1)']);
    expect(jumped.conversation).toMatchObject({ status: 'waiting', nodeId: `${faqId}/topic`, state: { name: 'Tess' } });
    expect(jumped.body.notices).toEqual([{ nodeId: 'go', kind: 'jumped', message: 'Went on to the flow “FAQ”' }]);
    // editing the FAQ draft does not change the conversation already in it
    expect((await call('PUT', `/api/bots/${botId}/flows/${faqId}`, faqFlow('edited'))).status).toBe(200);
    expect((await sayOk(api, botId, 'tess', 'hours')).replies).toEqual(['v1: Tess asked about hours']);
    // a new conversation gets the edited draft
    await sayOk(api, botId, 'tess', 'hi');
    expect((await sayOk(api, botId, 'tess', 'Tess')).replies).toEqual(['FAQ edited for Tess', 'Topic? (edited)']);
  });

  it('the simulator refuses to run drafts that loop through jumps, naming the flow and the step', async () => {
    const { botId, faqId } = await botWithFaq('Looping');
    const mainId = (await call('GET', `/api/bots/${botId}/flows`)).body[0].id as string;
    const loop = { nodes: [node('s', 'start'), node('back', 'jump', { flow_id: mainId })], edges: [edge('s', 'back')] };
    expect((await call('PUT', `/api/bots/${botId}/flows/${faqId}`, loop)).status).toBe(200);
    // Main asks a question before jumping, so this is no loop
    expect((await sayOk(api, botId, 'lou', 'hi')).replies).toEqual(['Your name?']);
    const straight = { nodes: [node('s', 'start'), node('go', 'jump', { flow_id: faqId })], edges: [edge('s', 'go')] };
    expect((await call('PUT', `/api/bots/${botId}/flow`, straight)).status).toBe(200);
    const refused = await call('POST', `/api/bots/${botId}/simulator/messages`, { contact: 'lou2', text: 'hi' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ flowId: faqId, nodeId: 'back', message: expect.stringContaining('loops forever') }));
  });

  it('a version stored before bots had several flows runs as it is; conversations on it finish there after a multi-flow publish', async () => {
    const bot = await call('POST', '/api/bots', { name: 'From before' });
    const botId = bot.body.id as string;
    const main = await FlowModel.findOne({ botId, isMain: true }).lean();
    const old = {
      nodes: [node('s', 'start'), node('q', 'ask', { question: 'Old question?', save_as: 'a' }), node('m', 'send_message', { text: 'Old answer {{state.a}}' })],
      edges: [{ ...edge('s', 'q'), sourceHandle: 'out' }, edge('q', 'm', 'answered')],
    };
    // exactly the document the previous code wrote: no flows, no name
    const legacyId = new Types.ObjectId();
    await FlowVersionModel.collection.insertOne({ _id: legacyId, flowId: main!._id, botId: new Types.ObjectId(botId), kind: 'published', number: 1, key: 'v1', contentHash: 'legacy', ...old, createdAt: new Date() });
    await FlowModel.updateOne({ _id: main!._id }, { $set: { publishedVersionId: legacyId, publishedNumber: 1, draft: old } });

    expect((await sayOk(api, botId, 'olga', 'hi', { version: 'published' })).replies).toEqual(['Old question?']);
    // unchanged drafts compare equal to the old version
    expect((await call('POST', `/api/bots/${botId}/publish`)).body).toMatchObject({ version: 1, unchanged: true });

    const faq = await call('POST', `/api/bots/${botId}/flows`, { name: 'FAQ' });
    expect((await call('PUT', `/api/bots/${botId}/flows/${faq.body.id}`, faqFlow('new'))).status).toBe(200);
    expect((await call('PUT', `/api/bots/${botId}/flow`, mainFlow(faq.body.id))).status).toBe(200);
    expect(await publishAll(botId)).toBe(2);

    const done = await sayOk(api, botId, 'olga', 'yes', { version: 'published' });
    expect(done.replies).toEqual(['Old answer yes']);
    expect(done.conversation?.status).toBe('completed');
    await sayOk(api, botId, 'pete', 'hi', { version: 'published' });
    expect((await sayOk(api, botId, 'pete', 'Pete', { version: 'published' })).replies).toEqual(['FAQ new for Pete', 'Topic? (new)']);
    const versions = (await call('GET', `/api/bots/${botId}/versions`)).body;
    expect(versions[0].flowChanges.map((f: { name: string; status: string }) => [f.name, f.status])).toEqual([
      ['Main', 'changed'],
      ['FAQ', 'added'],
    ]);
  });
});
