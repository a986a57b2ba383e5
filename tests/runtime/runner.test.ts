// The runtime's guarantees, on the in-memory twins: answered in order, once, durably, with one writer.
import { describe, expect, it } from 'vitest';
import { createInbox } from '../../server/src/runtime/inbox';
import { edge, node, startRuntime } from './runtime-harness';

const threeQuestions = {
  nodes: [
    node('s', 'start'),
    node('a', 'ask', { question: 'First?', save_as: 'a' }),
    node('b', 'ask', { question: 'Second?', save_as: 'b' }),
    node('done', 'send_message', { text: 'Got {{state.a}} and {{state.b}}' }),
    node('e', 'end'),
  ],
  edges: [edge('s', 'a'), edge('a', 'b', 'answered'), edge('b', 'done', 'answered'), edge('done', 'e')],
};

describe('the runtime on its in-memory stores', () => {
  it('answers, journals the steps and marks the message handled', async () => {
    const rt = startRuntime();
    rt.publish({ nodes: [node('s', 'start'), node('hi', 'send_message', { text: 'Hello' }), node('e', 'end')], edges: [edge('s', 'hi'), edge('hi', 'e')] });
    const receipt = await rt.say('+1555', 'hi');
    expect(rt.textsTo('+1555')).toEqual(['Hello']);
    const contact = (await rt.stores.contacts.get(receipt.contactId))!;
    expect(contact).toMatchObject({ messageSeq: 1, processedSeq: 1, activeConversationId: null });
    const conversationId = (await rt.stores.inbox.get(receipt.messageId))!.conversationId!;
    expect(await rt.stores.conversations.get(conversationId)).toMatchObject({ state: { status: 'completed' }, pendingEffects: [], inboxSeq: 1 });
    const journal = await rt.stores.journal.list(conversationId, 100);
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    expect(journal[0]?.type).toBe('event.start');
  });

  it('answers messages sent at once in the order they were numbered', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    await rt.say('+1556', 'hi');
    const receipts = await Promise.all(['x', 'y'].map((t) => rt.runner.receive({ botId: rt.botId, channel: 'sms', address: '+1556', text: t, flowSource: 'published' })));
    await Promise.all(receipts.reverse().map((r) => rt.runner.processUntil(r.contactId, r.messageId)));
    expect(rt.textsTo('+1556')).toEqual(['First?', 'Second?', 'Got x and y']);
  });

  it('stores and answers a provider message once, however often it arrives', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const first = await rt.say('+1557', 'hi', 'SM1');
    const again = await rt.say('+1557', 'hi', 'SM1');
    expect(again).toEqual({ messageId: first.messageId, contactId: first.contactId, duplicate: true });
    await rt.say('+1557', 'one', 'SM2'); // the number the duplicate took is skipped, not waited for
    expect(rt.textsTo('+1557')).toEqual(['First?', 'Second?']);
  });

  it('ignores a stale timer, and fires the current one', async () => {
    const rt = startRuntime();
    rt.publish({
      nodes: [node('s', 'start'), node('w', 'wait', { duration: 1, unit: 'minutes' }), node('after', 'send_message', { text: 'Later' }), node('e', 'end')],
      edges: [edge('s', 'w'), edge('w', 'after'), edge('after', 'e')],
    });
    const receipt = await rt.say('+1558', 'hi');
    const conversationId = (await rt.stores.inbox.get(receipt.messageId))!.conversationId!;
    expect(await rt.runner.deliver(conversationId, { type: 'timer', token: 'not-this-one' }, (r) => r.state.status === 'waiting')).toMatchObject({ state: { status: 'waiting' } });
    expect(rt.textsTo('+1558')).toEqual([]);
    const timer = rt.timers.held().at(-1)!;
    await rt.runner.deliver(conversationId, { type: 'timer', token: timer.token }, (r) => r.state.status === 'waiting');
    expect(rt.textsTo('+1558')).toEqual(['Later']);
  });

  it('runs a message again after another process wrote the conversation, applying it once', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const first = await rt.say('+1559', 'hi');
    const conversationId = (await rt.stores.inbox.get(first.messageId))!.conversationId!;
    // another process moves the conversation on (its cached copy here is now stale)
    const current = (await rt.stores.conversations.get(conversationId))!;
    await rt.stores.conversations.update(current, { journal: [] }, new Date());
    await rt.say('+1559', 'x');
    expect(rt.textsTo('+1559')).toEqual(['First?', 'Second?']);
    expect(await rt.stores.conversations.get(conversationId)).toMatchObject({ inboxSeq: 2, state: { nodeId: 'b' } });
  });

  it('keeps the bot silent while an agent has the conversation, and resumes where the agent says', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const first = await rt.say('+1560', 'hi');
    const conversationId = (await rt.stores.inbox.get(first.messageId))!.conversationId!;
    await rt.runner.takeover(conversationId, { id: 'agent-1', email: 'a@example.com' });
    await rt.say('+1560', 'anyone?');
    expect(rt.textsTo('+1560')).toEqual(['First?']);
    await rt.runner.handBack(conversationId, 'b');
    expect(rt.textsTo('+1560')).toEqual(['First?', 'Second?']);
    expect(await rt.stores.conversations.get(conversationId)).toMatchObject({ state: { status: 'waiting', nodeId: 'b' }, agentId: null });
    const types = (await rt.stores.journal.list(conversationId, 100)).map((e) => e.type);
    expect(types).toContain('takeover');
  });

  it('sends what a crash left unsent when recovering, and only once', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    // the process dies between saving the step and handing its send to the outbox
    const send = rt.outbox.send.bind(rt.outbox);
    rt.outbox.send = async () => {
      rt.outbox.send = send;
      throw new Error('process died');
    };
    const first = await rt.say('+1561', 'hi');
    expect(rt.textsTo('+1561')).toEqual([]);
    const conversationId = (await rt.stores.inbox.get(first.messageId))!.conversationId!;
    expect((await rt.stores.conversations.get(conversationId))!.pendingEffects.map((e) => e.type)).toEqual(['send']);
    rt.advanceClock(120_000);
    expect(await rt.runner.recoverPendingEffects(60_000)).toBe(1);
    await rt.runner.recoverPendingEffects(60_000);
    expect(rt.textsTo('+1561')).toEqual(['First?']);
  });

  it('answers a message stored by a process that died before processing it', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const { stores } = rt;
    // stored by the inbox of a process that then died
    const receipt = await createInbox(stores).receive({ botId: rt.botId, channel: 'sms', address: '+1562', text: 'hi', flowSource: 'published' }, new Date(Date.UTC(2030, 0, 1, 8)));
    expect(await rt.runner.recoverUnprocessedInbound(30_000)).toBe(1);
    expect(rt.textsTo('+1562')).toEqual(['First?']);
    expect((await stores.contacts.get(receipt.contactId))!.processedSeq).toBe(1);
    expect(await rt.runner.recoverUnprocessedInbound(30_000)).toBe(0);
  });

  it('copies the journal of concurrent conversations in shared batches (group commit)', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const journal = rt.stores.journal as unknown as { appends: number };
    const before = journal.appends;
    await Promise.all(Array.from({ length: 10 }, (_, i) => rt.say(`+1570${i}`, 'hi')));
    expect(rt.sent).toHaveLength(10);
    expect(journal.appends - before).toBeLessThan(10);
  });

  it('waits for a webhook another process has in flight instead of calling it again', async () => {
    let release!: () => void;
    const calls: string[] = [];
    const slowHook = async (url: string) => {
      calls.push(url);
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 200, body: { id: 'crm-1' } };
    };
    const first = startRuntime({ http: slowHook });
    const second = startRuntime({ stores: first.stores, botId: first.botId, http: slowHook }); // another process, same database
    first.publish({
      nodes: [
        node('s', 'start'),
        node('hook', 'webhook_action', { url: 'https://crm.example.com/x', store_response_in: 'crm' }),
        node('ok', 'send_message', { text: 'Saved as {{state.crm.id}}' }),
        node('ask', 'ask', { question: 'Anything else?', save_as: 'more' }),
        node('bye', 'send_message', { text: 'Bye {{state.more}}' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'hook'), edge('hook', 'ok', 'success'), edge('ok', 'ask'), edge('ask', 'bye', 'answered'), edge('bye', 'e')],
    });
    const handled = first.say('+1580', 'hi');
    while (calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const meanwhile = second.say('+1580', 'no'); // reaches the other process while the webhook runs
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([handled, meanwhile]);
    expect(calls).toHaveLength(1);
    expect([...first.textsTo('+1580'), ...second.textsTo('+1580')]).toEqual(['Saved as crm-1', 'Anything else?', 'Bye no']);
  });

  it('handles a message numbered first but stored last before the one after it, and loses neither', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    await rt.say('+1590', 'hi');
    const insert = rt.stores.inbox.insert.bind(rt.stores.inbox);
    let release!: () => void;
    rt.stores.inbox.insert = async (message) => {
      if (message.text === 'x') await new Promise<void>((resolve) => (release = resolve));
      return insert(message);
    };
    const x = rt.runner.receive({ botId: rt.botId, channel: 'sms', address: '+1590', text: 'x', flowSource: 'published' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // x has its number, its insert is held
    const y = await rt.runner.receive({ botId: rt.botId, channel: 'sms', address: '+1590', text: 'y', flowSource: 'published' });
    const yDone = rt.runner.processUntil(y.contactId, y.messageId); // y's turn comes first...
    setTimeout(() => release(), 20);
    const xReceipt = await x;
    await Promise.all([yDone, rt.runner.processUntil(xReceipt.contactId, xReceipt.messageId)]);
    expect(rt.textsTo('+1590')).toEqual(['First?', 'Second?', 'Got x and y']); // ...yet x is answered first
  });

  it('still answers a message another process stored late, after a later one was answered', async () => {
    const first = startRuntime();
    const second = startRuntime({ stores: first.stores, botId: first.botId });
    first.publish(threeQuestions);
    await first.say('+1591', 'hi');
    const insert = first.stores.inbox.insert.bind(first.stores.inbox);
    let release!: () => void;
    first.stores.inbox.insert = async (message) => {
      if (message.text === 'late') await new Promise<void>((resolve) => (release = resolve));
      return insert(message);
    };
    const late = second.say('+1591', 'late'); // numbered 2 on the second process, stored late
    await new Promise((resolve) => setTimeout(resolve, 5));
    await first.say('+1591', 'early'); // numbered 3 on the first: nothing of 2 to wait for in that process
    release();
    await late;
    expect([...first.textsTo('+1591'), ...second.textsTo('+1591')]).toEqual(['First?', 'Second?', 'Got early and late']);
  });
});
