// Crash recovery: a step saved but not carried out (the process died between the two), a webhook
// whose answer never came back, and a message stored but never processed before a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { freshDatabaseUri } from '../support/db';
import { ContactModel, ConversationModel } from '../../server/src/adapters/mongo/models';
import { receiveInbound } from '../../server/src/app/standalone-runtime';
import type { OutboundRequest } from '../../server/src/runtime/outbox';
import { botWithFlow, conversation, sayOk, transcript, until, type Api, type LocalServer, startLocalServer } from './conversations-helpers';

let app: TestApp | undefined;
let api: Api;
let server: LocalServer;
const mongoUri = freshDatabaseUri('conv-recovery');

async function start(): Promise<void> {
  await app?.stop();
  app = await startTestApp({ label: 'conv-recovery', mongoUri, env: { WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${server.port}` } });
  api = { app, token: await app.login() };
}

beforeAll(async () => {
  server = await startLocalServer(() => ({ status: 200, body: { id: `crm-${server.requests.length}` } }));
  await start();
});
afterAll(async () => {
  await app?.stop();
  await server?.close();
});

const lines = async (botId: string, contact: string) => (await transcript(api, botId, contact)).map((m) => [m.direction, m.text]);

/** Makes the outbox fail once for `text`, as if the process had died right after saving the step. */
function crashOnceSending(text: string): void {
  const outbox = app!.botloom.context.outbox;
  const send = outbox.send.bind(outbox);
  outbox.send = async (req: OutboundRequest) => {
    if (req.message.text !== text) return send(req);
    outbox.send = send;
    throw new Error('process died');
  };
}

describe('a step saved but not carried out', () => {
  it('fires the timer of a step whose process died before carrying it out, after its lost reply, and sends nothing twice', async () => {
    const botId = await botWithFlow(api, 'Timer crash', {
      nodes: [
        node('s', 'start'),
        node('before', 'send_message', { text: 'Before the wait' }),
        node('w', 'wait', { duration: 1, unit: 'seconds' }),
        node('after', 'send_message', { text: 'After the wait' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'before'), edge('before', 'w'), edge('w', 'after'), edge('after', 'e')],
    });
    // the step (its reply, its timer) is saved; the process "dies" before sending, so before its
    // timer wheel hears of the timer too (the effects are carried out in order)
    crashOnceSending('Before the wait');
    const first = await sayOk(api, botId, 'tim', 'hi');
    expect(first.replies).toEqual([]);
    expect(first.conversation).toMatchObject({ status: 'waiting', nodeId: 'w' });

    // a new process finds the timer in the conversation at start, and sends the lost reply before the timer's
    await start();
    await until('the message after the wait', async () => (await lines(botId, 'tim')).length === 3, 20_000);
    expect(await lines(botId, 'tim')).toEqual([
      ['in', 'hi'],
      ['out', 'Before the wait'],
      ['out', 'After the wait'],
    ]);
    expect(await conversation(api, first.conversation!.id)).toMatchObject({ status: 'completed' });
    expect(await app!.botloom.context.runner.recoverPendingEffects(0)).toBe(0); // nothing left to do
  });

  it('sends the last message of a conversation the crash left unsent', async () => {
    const botId = await botWithFlow(api, 'Send crash', {
      nodes: [
        node('s', 'start'),
        node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
        node('thanks', 'send_message', { text: 'Thanks {{state.name}}.' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'name'), edge('name', 'thanks', 'answered'), edge('thanks', 'e')],
    });
    await sayOk(api, botId, 'sam', 'hi');
    crashOnceSending('Thanks Sam.');
    const done = await sayOk(api, botId, 'sam', 'Sam');
    expect(done.replies).toEqual([]);
    expect(done.conversation).toMatchObject({ status: 'completed' });

    await app!.botloom.context.runner.recoverPendingEffects(0);
    expect(await lines(botId, 'sam')).toEqual([
      ['in', 'hi'],
      ['out', 'Your name?'],
      ['in', 'Sam'],
      ['out', 'Thanks Sam.'],
    ]);
    await app!.botloom.context.runner.recoverPendingEffects(0); // nothing left to do: nothing sent twice
    expect((await lines(botId, 'sam')).filter(([, text]) => text === 'Thanks Sam.')).toHaveLength(1);
  });

  it('finishes an interrupted webhook call before handling the contact’s next message', async () => {
    const botId = await botWithFlow(api, 'Webhook crash', {
      nodes: [
        node('s', 'start'),
        node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
        node('checking', 'send_message', { text: 'Checking, {{state.name}}...' }),
        node('hook', 'webhook_action', { url: `${server.url}/crm`, body: { name: '{{state.name}}' }, store_response_in: 'crm' }),
        node('ok', 'send_message', { text: 'Saved as {{state.crm.id}}.' }),
        node('nope', 'send_message', { text: 'Could not save.' }),
        node('e', 'end'),
      ],
      edges: [
        edge('s', 'name'),
        edge('name', 'checking', 'answered'),
        edge('checking', 'hook'),
        edge('hook', 'ok', 'success'),
        edge('hook', 'nope', 'failure'),
        edge('ok', 'e'),
        edge('nope', 'e'),
      ],
    });
    await sayOk(api, botId, 'wes', 'hi');
    crashOnceSending('Checking, Wes...');
    const stuck = await sayOk(api, botId, 'wes', 'Wes');
    expect(stuck.replies).toEqual([]);
    expect(stuck.conversation).toMatchObject({ status: 'waiting', nodeId: 'hook' });
    const before = server.requests.length;

    // the next message finds the conversation half-done: it is finished first, then the message is handled
    const next = await sayOk(api, botId, 'wes', 'are you there?');
    expect(server.requests).toHaveLength(before + 1);
    expect(JSON.parse(server.requests[before]!.body)).toEqual({ name: 'Wes' });
    const crmId = `crm-${before + 1}`;
    expect(await conversation(api, stuck.conversation!.id)).toMatchObject({
      status: 'completed',
      state: { name: 'Wes', crm: { id: crmId } },
    });
    expect(next.replies).toEqual(['Your name?']);
    expect(await lines(botId, 'wes')).toEqual([
      ['in', 'hi'],
      ['out', 'Your name?'],
      ['in', 'Wes'],
      ['in', 'are you there?'],
      ['out', 'Checking, Wes...'],
      ['out', `Saved as ${crmId}.`],
      ['out', 'Your name?'],
    ]);
  });
});

describe('a message stored but never processed', () => {
  it('is answered by the next process', async () => {
    const botId = await botWithFlow(api, 'Restart', {
      nodes: [node('s', 'start'), node('name', 'ask', { question: 'Your name?', save_as: 'name' }), node('e', 'end')],
      edges: [edge('s', 'name'), edge('name', 'e', 'answered')],
    });
    // stored, and then the process died before it could process it
    await receiveInbound({ botId, channel: 'simulator', address: 'orphan', text: 'hello', flowSource: 'draft' }, new Date());
    await start();
    expect(await lines(botId, 'orphan')).toEqual([['in', 'hello']]);
    expect(await app!.botloom.context.runner.recoverUnprocessedInbound(0)).toBe(1);
    expect(await lines(botId, 'orphan')).toEqual([
      ['in', 'hello'],
      ['out', 'Your name?'],
    ]);
    expect(await app!.botloom.context.runner.recoverUnprocessedInbound(0)).toBe(0);
  });
});

describe('a conversation created by a process that died before its first step', () => {
  it('is started by the contact’s next message instead of ignoring it forever', async () => {
    const botId = await botWithFlow(api, 'Never started', {
      nodes: [
        node('s', 'start'),
        node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
        node('hi', 'send_message', { text: 'Hi {{state.name}}.' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'name'), edge('name', 'hi', 'answered'), edge('hi', 'e')],
    });
    const first = await sayOk(api, botId, 'lazarus', 'hello');
    expect(first.replies).toEqual(['Your name?']);
    // rewind to the moment after the conversation was created, before it took its first step
    const contact = await ContactModel.findOne({ botId, address: 'lazarus' }).lean();
    const started = (await ConversationModel.findById(first.conversation!.id).lean())!;
    const orphan = await ConversationModel.create({
      botId,
      contactId: contact!._id,
      flowId: started.flowId,
      flowVersionId: started.flowVersionId,
      source: 'draft',
      channel: 'simulator',
      status: 'active',
      nodeId: null,
      vars: {},
      rev: 0,
    });
    await ContactModel.updateOne({ _id: contact!._id }, { $set: { activeConversationId: orphan._id } });

    const again = await sayOk(api, botId, 'lazarus', 'anyone?');
    expect(again.replies).toEqual(['Your name?']);
    expect(again.conversation).toMatchObject({ id: orphan._id.toString(), status: 'waiting', nodeId: 'name' });
    expect((await sayOk(api, botId, 'lazarus', 'Laz')).replies).toEqual(['Hi Laz.']);
  });
});
