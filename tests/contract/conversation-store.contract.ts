// What every ConversationStore and JournalStore must do (run against MongoDB and the in-memory twin).
import { expect, it } from 'vitest';
import type { ConversationRecord, ConversationStore, JournalEntry, JournalStore } from '../../server/src/ports/conversation-store';
import { newObjectId } from '../../server/src/runtime/object-id';

function record(overrides: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id: newObjectId(),
    botId: newObjectId(),
    contactId: newObjectId(),
    flowId: newObjectId(),
    flowVersionId: newObjectId(),
    channel: 'sms',
    source: 'published',
    state: { status: 'waiting', nodeId: 'ask', vars: { a: 1 }, wait: { nodeId: 'ask', for: 'reply', data: {} }, lastMessage: null },
    pendingEffects: [{ type: 'send', nodeId: 'ask', text: 'Hi?' }],
    effectsRev: 1,
    rev: 1,
    journalSeq: 2,
    inboxSeq: 1,
    agentId: null,
    ...overrides,
  };
}

const entry = (r: ConversationRecord, seq: number, type = 'note'): JournalEntry => ({ conversationId: r.id, botId: r.botId, flowVersionId: r.flowVersionId, seq, type, data: { seq }, at: new Date(Date.UTC(2030, 0, 1)) });

export function conversationStoreContract(make: () => Promise<{ conversations: ConversationStore; journal: JournalStore }> | { conversations: ConversationStore; journal: JournalStore }): void {
  const now = new Date(Date.UTC(2030, 0, 1));

  it('creates a conversation once per start key and reads it back as written', async () => {
    const { conversations } = await make();
    const r = record();
    const startKey = `${r.contactId}:1`;
    expect(await conversations.create(r, startKey, [entry(r, 1), entry(r, 2)], now)).toMatchObject({ id: r.id, rev: 1 });
    expect(await conversations.create({ ...r, id: newObjectId() }, startKey, [], now)).toBeNull();
    expect(await conversations.get(r.id)).toMatchObject({ state: r.state, pendingEffects: r.pendingEffects, rev: 1, journalSeq: 2, inboxSeq: 1, effectsRev: 1 });
    expect((await conversations.findByStartKey(startKey))?.id).toBe(r.id);
    expect((await conversations.journalTail(r.id)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps how a conversation began, as written at its creation', async () => {
    const { conversations } = await make();
    const r = record({ origin: { kind: 'trigger', by: 'Menu keyword', refId: 't1', triggerChain: ['t1'] } });
    await conversations.create(r, `${r.contactId}:origin`, [], now);
    expect((await conversations.get(r.id))?.origin).toEqual({ kind: 'trigger', by: 'Menu keyword', refId: 't1', triggerChain: ['t1'] });
    const plain = record();
    await conversations.create(plain, `${plain.contactId}:plain`, [], now);
    expect((await conversations.get(plain.id))?.origin).toBeUndefined();
  });

  it('keeps one live conversation per contact, found by query; once it ends, a new one may start', async () => {
    const { conversations } = await make();
    const r = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    expect((await conversations.findLive(r.contactId))?.id).toBe(r.id);
    // a second live conversation for the same contact, under another start key, is refused
    expect(await conversations.create(record({ contactId: r.contactId }), `k:${newObjectId()}`, [], now)).toBeNull();
    // ...but other contacts are not affected, and an ended one may be created alongside
    expect(await conversations.create(record(), `k:${newObjectId()}`, [], now)).not.toBeNull();
    const over = record({ contactId: r.contactId, state: { ...r.state, status: 'completed', wait: null } });
    expect(await conversations.create(over, `k:${newObjectId()}`, [], now)).not.toBeNull();
    await conversations.update(r, { state: { ...r.state, status: 'completed', wait: null }, journal: [] }, now);
    expect(await conversations.findLive(r.contactId)).toBeNull();
    const later = new Date(now.getTime() + 1_000);
    const next = (await conversations.create(record({ contactId: r.contactId }), `k:${newObjectId()}`, [], later))!;
    expect((await conversations.findLive(r.contactId))?.id).toBe(next.id);
    expect((await conversations.latestOf(r.contactId))?.id).toBe(next.id);
    expect(await conversations.latestOf(newObjectId())).toBeNull();
  });

  it('writes only on the revision it read: the loser of a race gets null and changes nothing', async () => {
    const { conversations } = await make();
    const r = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    const state = { ...r.state, status: 'completed' as const, endReason: 'done' };
    const results = await Promise.all([
      conversations.update(r, { state, pendingEffects: [], inboxSeq: 2, journal: [entry(r, 3)] }, now),
      conversations.update(r, { state: { ...r.state, vars: { lost: true } }, journal: [entry(r, 3)] }, now),
    ]);
    expect(results.filter((x) => x === null)).toHaveLength(1);
    const stored = (await conversations.get(r.id))!;
    expect(stored.rev).toBe(2);
    expect(stored.journalSeq).toBe(3);
    expect(results.find((x) => x)?.journalSeq).toBe(3);
  });

  it('keeps the journal numbers of entries written outside steps apart from the steps', async () => {
    const { conversations } = await make();
    const r = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    expect(await conversations.reserveJournalSeq(r.id)).toMatchObject({ seq: 3, botId: r.botId, flowVersionId: r.flowVersionId });
    const after = await conversations.update(r, { journal: [entry(r, 3), entry(r, 4)], carriedJournal: [entry(r, 1)] }, now);
    expect(after).toMatchObject({ rev: 2, journalSeq: 5 }); // the step's two entries come after the outside one
    expect((await conversations.journalTail(r.id)).map((e) => e.type)).toHaveLength(3);
    expect(await conversations.reserveJournalSeq(newObjectId())).toBeNull();
  });

  it('hands concurrent outside entries distinct journal numbers', async () => {
    const { conversations } = await make();
    const r = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    const seqs = await Promise.all(Array.from({ length: 15 }, () => conversations.reserveJournalSeq(r.id)));
    expect(seqs.map((s) => s!.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 3));
  });

  it('sets and clears the agent, and never moves inboxSeq back', async () => {
    const { conversations } = await make();
    const r = (await conversations.create(record({ inboxSeq: 4 }), `k:${newObjectId()}`, [], now))!;
    const agentId = newObjectId();
    const taken = (await conversations.update(r, { agentId, inboxSeq: 2, journal: [] }, now))!;
    expect(await conversations.get(r.id)).toMatchObject({ agentId, inboxSeq: 4 });
    await conversations.update(taken, { agentId: null, journal: [] }, now);
    expect((await conversations.get(r.id))?.agentId ?? null).toBeNull();
  });

  it('lists conversations left with effects to carry out or waiting on an effect, untouched since a moment', async () => {
    const { conversations } = await make();
    const withSend = (await conversations.create(record(), `k:${newObjectId()}`, [], new Date(Date.UTC(2029, 0, 1))))!;
    const waitingOnHook = (await conversations.create(record({ pendingEffects: [], state: { status: 'waiting', nodeId: 'hook', vars: {}, wait: { nodeId: 'hook', for: 'effect', token: 't', data: {} }, lastMessage: null } }), `k:${newObjectId()}`, [], new Date(Date.UTC(2029, 0, 1))))!;
    const settled = (await conversations.create(record({ pendingEffects: [] }), `k:${newObjectId()}`, [], new Date(Date.UTC(2029, 0, 1))))!;
    const stalled = (await conversations.stalled(now, 1000)).map((s) => s.id);
    expect(stalled).toEqual(expect.arrayContaining([withSend.id, waitingOnHook.id]));
    expect(stalled).not.toContain(settled.id);
    expect((await conversations.stalled(new Date(Date.UTC(2028, 0, 1)), 1000)).map((s) => s.id)).not.toContain(withSend.id);
  });

  it('appends journal entries once, however often the same batch is appended, in order', async () => {
    const { journal } = await make();
    const r = record();
    await journal.append([entry(r, 2), entry(r, 1)]);
    await journal.append([entry(r, 1), entry(r, 3)]);
    expect((await journal.list(r.id, 100)).map((e) => [e.seq, e.conversationId])).toEqual([
      [1, r.id],
      [2, r.id],
      [3, r.id],
    ]);
  });
}
