// A conversation pins the flow version it started on: publishing (or editing the draft) mid-way
// changes what new conversations get, never the ones in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, conversation, publish, saveFlow, sayOk, type Api } from './conversations-helpers';

let app: TestApp;
let api: Api;

beforeAll(async () => {
  app = await startTestApp({ label: 'conv-versions' });
  api = { app, token: await app.login() };
});
afterAll(() => app?.stop());

/** The same shape each time, with another question, another greeting and other node ids. */
function greeter(tag: string) {
  return {
    nodes: [
      node('s', 'start'),
      node(`ask-${tag}`, 'ask', { question: `Your name? (${tag})`, save_as: 'name' }),
      node(`hello-${tag}`, 'send_message', { text: `Hello {{state.name}}, this is ${tag}.` }),
      node('e', 'end'),
    ],
    edges: [edge('s', `ask-${tag}`), edge(`ask-${tag}`, `hello-${tag}`, 'answered'), edge(`hello-${tag}`, 'e')],
  };
}

const published = { version: 'published' };

describe('flow versions and conversations', () => {
  it('lets an in-flight conversation finish on v1 while new contacts get v2', async () => {
    const botId = await botWithFlow(api, 'Versioned', greeter('v1'));
    expect(await publish(api, botId)).toBe(1);

    const ada = await sayOk(api, botId, 'ada', 'hi', published);
    expect(ada.replies).toEqual(['Your name? (v1)']);
    expect(ada.conversation).toMatchObject({ status: 'waiting', nodeId: 'ask-v1' });
    const v1 = (await conversation(api, ada.conversation!.id)).flowVersionId as string;

    // v2 no longer has the node Ada's conversation waits at
    await saveFlow(api, botId, greeter('v2'));
    expect(await publish(api, botId)).toBe(2);

    const bob = await sayOk(api, botId, 'bob', 'hi', published);
    expect(bob.replies).toEqual(['Your name? (v2)']);
    const v2 = (await conversation(api, bob.conversation!.id)).flowVersionId as string;
    expect(v2).not.toBe(v1);

    const adaDone = await sayOk(api, botId, 'ada', 'Ada', published);
    expect(adaDone.replies).toEqual(['Hello Ada, this is v1.']);
    expect(adaDone.conversation).toMatchObject({ id: ada.conversation!.id, status: 'completed', nodeId: 'e' });
    expect((await conversation(api, ada.conversation!.id)).flowVersionId).toBe(v1);

    expect((await sayOk(api, botId, 'bob', 'Bob', published)).replies).toEqual(['Hello Bob, this is v2.']);

    // Ada's next conversation starts on what is live now
    const adaAgain = await sayOk(api, botId, 'ada', 'hi again', published);
    expect(adaAgain.replies).toEqual(['Your name? (v2)']);
    expect(adaAgain.conversation!.id).not.toBe(ada.conversation!.id);
    expect((await conversation(api, adaAgain.conversation!.id)).flowVersionId).toBe(v2);
  });

  it('keeps published conversations off the draft, and draft conversations on the draft they started with', async () => {
    const botId = await botWithFlow(api, 'Drafty', greeter('live'));
    await publish(api, botId);
    await saveFlow(api, botId, greeter('draft1'));

    const tester = await sayOk(api, botId, 'tester', 'hi');
    expect(tester.replies).toEqual(['Your name? (draft1)']);
    const customer = await sayOk(api, botId, 'customer', 'hi', published);
    expect(customer.replies).toEqual(['Your name? (live)']);

    // the builder keeps editing: the tester's conversation stays on the snapshot it started with
    await saveFlow(api, botId, greeter('draft2'));
    expect((await sayOk(api, botId, 'tester', 'Tess')).replies).toEqual(['Hello Tess, this is draft1.']);
    expect((await sayOk(api, botId, 'customer', 'Cus', published)).replies).toEqual(['Hello Cus, this is live.']);
    expect((await sayOk(api, botId, 'tester', 'hi')).replies).toEqual(['Your name? (draft2)']);
  });
});
