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

  it('arms timers with a write, keeps them through writes that say nothing of them, and disarms them', async () => {
    const { conversations } = await make();
    const at = new Date(Date.UTC(2031, 5, 1, 12));
    const r = (await conversations.create(record({ timers: [{ token: 'first', at }] }), `k:${newObjectId()}`, [], now))!;
    expect((await conversations.get(r.id))?.timers).toEqual([{ token: 'first', at }]);
    const kept = (await conversations.update(r, { inboxSeq: 2, journal: [] }, now))!;
    expect(kept.timers).toEqual([{ token: 'first', at }]);
    expect((await conversations.get(r.id))?.timers).toEqual([{ token: 'first', at }]);
    const later = new Date(at.getTime() + 60_000);
    const two = [
      { token: 'second', at: later },
      { token: 'third', at },
    ];
    const rearmed = (await conversations.update(kept, { timers: two, journal: [] }, now))!;
    expect(rearmed.timers).toEqual(two);
    expect((await conversations.get(r.id))?.timers).toEqual(two);
    const cleared = (await conversations.update(rearmed, { timers: [], journal: [] }, now))!;
    expect(cleared.timers).toEqual([]);
    expect((await conversations.get(r.id))?.timers).toEqual([]);
    // a write that loses its race arms nothing
    expect(await conversations.update(rearmed, { timers: two, journal: [] }, now)).toBeNull();
    expect((await conversations.get(r.id))?.timers).toEqual([]);
    // one written with no word of timers (by an earlier version) reads back without them
    const old = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    expect((await conversations.get(old.id))?.timers).toBeUndefined();
  });

  it('lists conversations with timers due by a time, by earliest timer then id, paging on from a cursor', async () => {
    const { conversations } = await make();
    // a span of time no other test of this suite uses (the MongoDB suite shares one database)
    const base = Date.UTC(2040, 0, 1) + Math.floor(Math.random() * 1_000_000) * 1_000;
    const t = (s: number) => new Date(base + s * 1_000);
    const made = async (timers: Array<{ token: string; at: Date }>) => (await conversations.create(record({ timers }), `k:${newObjectId()}`, [], now))!;
    const late = await made([{ token: 'late', at: t(30) }]);
    const twoTimers = await made([
      { token: 'reply-timeout', at: t(20) },
      { token: 'other', at: t(5) },
    ]);
    const tieA = await made([{ token: 'a', at: t(10) }]);
    const tieB = await made([{ token: 'b', at: t(10) }]);
    const [tie1, tie2] = [tieA, tieB].sort((x, y) => (x.id < y.id ? -1 : 1));
    const disarmed = await made([{ token: 'gone', at: t(1) }]);
    await conversations.update(disarmed, { timers: [], journal: [] }, now);
    await made([]);
    const ids = (rows: Array<{ conversationId: string }>) => rows.map((r) => r.conversationId);
    const start = { at: t(-1) };

    const all = await conversations.timersDue({ after: start, until: t(30), limit: 100 });
    expect(ids(all)).toEqual([twoTimers.id, tie1!.id, tie2!.id, late.id]);
    expect(all[0]).toEqual({ conversationId: twoTimers.id, contactId: twoTimers.contactId, rev: 1, timerAt: t(5), timers: twoTimers.timers });
    // `until` is inclusive; a page stops at the limit, and the next goes on from its last row
    expect(ids(await conversations.timersDue({ after: start, until: t(29), limit: 100 }))).toEqual([twoTimers.id, tie1!.id, tie2!.id]);
    const page1 = await conversations.timersDue({ after: start, until: t(30), limit: 2 });
    expect(ids(page1)).toEqual([twoTimers.id, tie1!.id]);
    const page2 = await conversations.timersDue({ after: { at: page1[1]!.timerAt, conversationId: page1[1]!.conversationId }, until: t(30), limit: 2 });
    expect(ids(page2)).toEqual([tie2!.id, late.id]);
    // a cursor with no id is past every conversation due at its time
    expect(ids(await conversations.timersDue({ after: { at: t(10) }, until: t(30), limit: 100 }))).toEqual([late.id]);
    // with no cursor, everything due by then (overdue ones included)
    expect(ids(await conversations.timersDue({ until: t(10), limit: 1_000 }))).toEqual(expect.arrayContaining([twoTimers.id, tie1!.id, tie2!.id]));
    expect(ids(await conversations.timersDue({ until: t(10), limit: 1_000 }))).not.toContain(disarmed.id);
  });

  it('reads several conversations in one call, skipping those that do not exist', async () => {
    const { conversations } = await make();
    const a = (await conversations.create(record({ timers: [{ token: 'x', at: new Date(Date.UTC(2032, 0, 1)) }] }), `k:${newObjectId()}`, [], now))!;
    const b = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    const found = await conversations.getMany([b.id, newObjectId(), a.id]);
    expect(found.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(found.find((r) => r.id === a.id)).toMatchObject({ rev: 1, state: a.state, timers: a.timers });
    expect(await conversations.getMany([])).toEqual([]);
  });

  it('marks carried-out effects in one call for many conversations, only those still at the revision given, without a new revision', async () => {
    const { conversations } = await make();
    const hook = { type: 'http_request' as const, nodeId: 'h', token: 't', request: { url: 'https://example.com', method: 'GET' as const, headers: {}, timeoutMs: 1_000 } };
    const a = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    const b = (await conversations.create(record({ pendingEffects: [{ type: 'send', nodeId: 'x', text: 'Hi' }, hook] }), `k:${newObjectId()}`, [], now))!;
    const c = (await conversations.create(record(), `k:${newObjectId()}`, [], now))!;
    const movedOn = (await conversations.update(c, { pendingEffects: [{ type: 'send', nodeId: 'y', text: 'Newer' }], journal: [] }, now))!;
    await conversations.markApplied([
      { id: a.id, rev: a.rev, pendingEffects: [] },
      { id: b.id, rev: b.rev, pendingEffects: [hook] },
      { id: c.id, rev: c.rev, pendingEffects: [] }, // written since: its own pending effects stay
      { id: newObjectId(), rev: 1, pendingEffects: [] },
    ]);
    expect(await conversations.get(a.id)).toMatchObject({ rev: a.rev, pendingEffects: [] });
    expect(await conversations.get(b.id)).toMatchObject({ rev: b.rev, pendingEffects: [hook] });
    expect(await conversations.get(c.id)).toMatchObject({ rev: movedOn.rev, pendingEffects: [{ type: 'send', nodeId: 'y', text: 'Newer' }] });
    await conversations.markApplied([]);
    // the revision is the same, so a write on it still goes through
    expect(await conversations.update((await conversations.get(a.id))!, { journal: [] }, now)).toMatchObject({ rev: a.rev + 1 });
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
