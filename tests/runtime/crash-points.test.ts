// Two runtimes on one set of in-memory stores stand for two processes; "dying" is a store call of
// the first one that never answers (the process is gone before the write happens), so the second
// one finds exactly what a killed process leaves in the database.
import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../server/src/adapters/memory/memory-stores';
import type { ChannelMessage, ChannelPort } from '../../server/src/ports/channel';
import { newObjectId } from '../../server/src/runtime/object-id';
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

const never = () => new Promise<never>(() => {});

/** Two processes on one database; `dies` replaces the first one's store calls that it never finishes. */
function twoProcesses(dies: (stores: ReturnType<typeof createMemoryStores>) => ReturnType<typeof createMemoryStores>) {
  const stores = createMemoryStores();
  const botId = newObjectId();
  const p1 = startRuntime({ stores: dies(stores), botId });
  const p2 = startRuntime({ stores, botId });
  p2.publish(threeQuestions);
  return { stores, p1, p2, botId };
}

async function conversationsOf(stores: ReturnType<typeof createMemoryStores>, contactId: string) {
  const messages = await stores.inbox.after(contactId, 0, 100);
  return new Set(messages.map((m) => m.conversationId));
}

describe('what a killed process leaves is finished by another', () => {
  it('a retried webhook of a message stored by a process that died is handled, not dropped as a duplicate', async () => {
    const { p1, p2, stores } = twoProcesses((s) => s);
    // p1 stores the message, acknowledges the webhook and dies before handling it
    const first = await p1.runner.receive({ botId: p1.botId, channel: 'sms', address: '+1600', text: 'hi', providerId: 'SM1', flowSource: 'published' });
    expect(first.duplicate).toBe(false);
    const retry = await p2.say('+1600', 'hi', 'SM1');
    expect(retry).toMatchObject({ messageId: first.messageId, duplicate: true, unhandled: true });
    expect(p2.textsTo('+1600')).toEqual(['First?']);
    // once handled, a further retry is a duplicate
    expect(await p2.say('+1600', 'hi', 'SM1')).toEqual({ messageId: first.messageId, contactId: first.contactId, duplicate: true });
    expect(p2.textsTo('+1600')).toEqual(['First?']);
    expect((await stores.contacts.get(first.contactId))!.processedSeq).toBe(1);
  });

  it('a process that answered and died before pointing the contact at its conversation: the next message joins that conversation', async () => {
    const { p1, p2, stores } = twoProcesses((s) => ({ ...s, contacts: { ...s.contacts, finishInbound: never } }));
    const m1 = await p1.runner.receive({ botId: p1.botId, channel: 'sms', address: '+1601', text: 'hi', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId); // answers, then never finishes
    await expect.poll(() => p1.textsTo('+1601')).toEqual(['First?']);
    expect((await stores.contacts.get(m1.contactId))!).toMatchObject({ processedSeq: 0, activeConversationId: null });
    await p2.say('+1601', 'x');
    await p2.say('+1601', 'y');
    expect(p2.textsTo('+1601')).toEqual(['Second?', 'Got x and y']);
    expect(await conversationsOf(stores, m1.contactId)).toHaveLength(1);
  });

  it('a process that saved the first step and died before sending: the next message sends the lost reply first, in the same conversation', async () => {
    const { p1, p2, stores } = twoProcesses((s) => ({ ...s, outbox: { ...s.outbox, insertMany: never } }));
    const m1 = await p1.runner.receive({ botId: p1.botId, channel: 'sms', address: '+1602', text: 'hi', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId);
    await expect.poll(async () => (await stores.conversations.findLive(m1.contactId))?.rev).toBe(1);
    // until its sends are clearly overdue, p2 takes them for in flight at p1 and waits
    p2.advanceClock(11_000);
    await p2.say('+1602', 'x');
    expect(p1.textsTo('+1602')).toEqual([]);
    expect(p2.textsTo('+1602')).toEqual(['First?', 'Second?']);
    expect(await conversationsOf(stores, m1.contactId)).toHaveLength(1);
    const live = (await stores.conversations.findLive(m1.contactId))!;
    expect(live.recentInbound).toEqual([1, 2]);
  });

  it('a contact marked handled without a pointer to its live conversation (a racing or failed writer): the next message still joins it', async () => {
    const { p1, p2, stores } = twoProcesses((s) => ({ ...s, contacts: { ...s.contacts, finishInbound: never } }));
    const m1 = await p1.runner.receive({ botId: p1.botId, channel: 'sms', address: '+1605', text: 'hi', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId);
    await expect.poll(() => p1.textsTo('+1605')).toEqual(['First?']);
    // another process's finishing write, made without knowing the conversation, lands meanwhile
    await stores.contacts.finishInbound(m1.contactId, 1, null);
    await p2.say('+1605', 'x');
    expect(p2.textsTo('+1605')).toEqual(['Second?']);
    expect(await conversationsOf(stores, m1.contactId)).toHaveLength(1);
    expect((await stores.conversations.findLive(m1.contactId))!.recentInbound).toEqual([1, 2]);
  });

  it('a process that claimed a send and died before handing it over: the send is claimed again once overdue, before later replies', async () => {
    let claimed = 0;
    const { p1, p2 } = twoProcesses((s) => ({
      ...s,
      // the row is stored claimed (`sending`), then the process is gone before the provider call
      outbox: { ...s.outbox, insertMany: async (rows: Parameters<typeof s.outbox.insertMany>[0]) => (await s.outbox.insertMany(rows), claimed++, never()) },
    }));
    const m1 = await p1.runner.receive({ botId: p1.botId, channel: 'sms', address: '+1606', text: 'hi', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId);
    await expect.poll(() => claimed).toBe(1);
    p2.advanceClock(11_000);
    await p2.say('+1606', 'x');
    expect(p1.textsTo('+1606')).toEqual([]);
    expect(p2.textsTo('+1606')).toEqual(['First?', 'Second?']);
    // sent once: a further recovery pass finds it sent
    p2.advanceClock(120_000);
    await p2.runner.recoverPendingEffects(60_000);
    expect(p2.textsTo('+1606')).toEqual(['First?', 'Second?']);
  });

  it('a process that died right after the provider took a message: the message is found at the provider, not sent again', async () => {
    const provider: ChannelMessage[] = [];
    const port = (diesAfterSending: boolean): ChannelPort => ({
      async send(message) {
        provider.push(message);
        return diesAfterSending ? never() : { providerId: `P${provider.length}`, status: 'sent' };
      },
      async findSent(message) {
        const i = provider.findIndex((m) => m.to === message.to && m.text === message.text);
        return i >= 0 ? { providerId: `P${i + 1}`, status: 'sent' } : null;
      },
    });
    const stores = createMemoryStores();
    const botId = newObjectId();
    const p1 = startRuntime({ stores, botId, channel: port(true) });
    const p2 = startRuntime({ stores, botId, channel: port(false) });
    p1.publish(threeQuestions);
    const m1 = await p1.runner.receive({ botId, channel: 'sms', address: '+1608', text: 'hi', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId);
    await expect.poll(() => provider.length).toBe(1);
    p2.advanceClock(11_000);
    await p2.say('+1608', 'x');
    expect(provider.map((m) => m.text)).toEqual(['First?', 'Second?']);
  });

  it('a message a racing worker already took in, in a conversation that has ended since, starts no new conversation', async () => {
    const { p1, p2, stores } = twoProcesses((s) => s);
    const m1 = await p1.say('+1607', 'hi');
    // the contact's pointer is gone (a racing writer) while its conversation lives on
    await stores.contacts.finishInbound(m1.contactId, 1, null);
    const late = await p2.runner.receive({ botId: p2.botId, channel: 'sms', address: '+1607', text: 'x', flowSource: 'published' });
    // p1 gets the contact's next message first and handles both, ending the conversation
    await p1.say('+1607', 'y');
    expect(p1.textsTo('+1607')).toEqual(['First?', 'Second?', 'Got x and y']);
    await p2.runner.processUntil(late.contactId, late.messageId);
    expect(p2.textsTo('+1607')).toEqual([]);
    expect(await conversationsOf(stores, m1.contactId)).toHaveLength(1);
  });

  it('a contact never has two live conversations, even when two processes start one for different messages', async () => {
    const stores = createMemoryStores();
    const botId = newObjectId();
    const p1 = startRuntime({ stores, botId });
    const p2 = startRuntime({ stores, botId });
    p1.publish(threeQuestions);
    const m1 = await p1.runner.receive({ botId, channel: 'sms', address: '+1603', text: 'hi', flowSource: 'published' });
    const m2 = await p2.runner.receive({ botId, channel: 'sms', address: '+1603', text: 'x', flowSource: 'published' });
    await Promise.all([p2.runner.processUntil(m2.contactId, m2.messageId), p1.runner.processUntil(m1.contactId, m1.messageId)]);
    expect([...p1.textsTo('+1603'), ...p2.textsTo('+1603')].sort()).toEqual(['First?', 'Second?']);
    expect(await conversationsOf(stores, m1.contactId)).toHaveLength(1);
    expect((await stores.conversations.findLive(m1.contactId))!.recentInbound).toEqual([1, 2]);
  });

  it('recovery settles the numbers a provider retry took, so the contact stops looking unprocessed', async () => {
    const rt = startRuntime();
    rt.publish(threeQuestions);
    const first = await rt.say('+1604', 'hi', 'SM9');
    await rt.say('+1604', 'hi', 'SM9'); // the retry took number 2 and stored nothing
    expect((await rt.stores.contacts.get(first.contactId))!).toMatchObject({ messageSeq: 2, processedSeq: 1 });
    rt.advanceClock(60_000);
    expect(await rt.runner.recoverUnprocessedInbound(30_000)).toBe(1);
    expect((await rt.stores.contacts.get(first.contactId))!.processedSeq).toBe(2);
    expect(await rt.runner.recoverUnprocessedInbound(30_000)).toBe(0);
    expect(rt.textsTo('+1604')).toEqual(['First?']);
  });
});
