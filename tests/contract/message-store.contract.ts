// What every InboxStore and OutboxStore must do (run against MongoDB and the in-memory twin).
import { expect, it } from 'vitest';
import type { InboundMessageRecord, InboxStore, OutboundMessageRecord, OutboxStore } from '../../server/src/ports/message-store';
import { newObjectId } from '../../server/src/runtime/object-id';

const t = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

function inbound(contactId: string, seq: number, overrides: Partial<InboundMessageRecord> = {}): InboundMessageRecord {
  return { id: newObjectId(), botId: newObjectId(), contactId, conversationId: null, channel: 'sms', text: `m${seq}`, dedupeKey: `in:${contactId}:${seq}`, seq, flowSource: 'published', createdAt: t(seq), ...overrides };
}

function outbound(contactId: string, key: string, overrides: Partial<OutboundMessageRecord> = {}): OutboundMessageRecord {
  return { id: newObjectId(), botId: newObjectId(), contactId, conversationId: newObjectId(), channel: 'sms', text: 'Hello', sentBy: 'bot', status: 'sending', attempts: 1, dedupeKey: `out:${key}`, createdAt: t(0), updatedAt: t(0), ...overrides };
}

export function messageStoreContract(make: () => Promise<{ inbox: InboxStore; outbox: OutboxStore }> | { inbox: InboxStore; outbox: OutboxStore }): void {
  it('stores an inbound message once per key and lists a contact’s messages after a number, in order', async () => {
    const { inbox } = await make();
    const contactId = newObjectId();
    const first = inbound(contactId, 1, { dedupeKey: `in:SM${contactId}` });
    expect(await inbox.insert(first)).toMatchObject({ id: first.id });
    expect(await inbox.insert({ ...inbound(contactId, 2), dedupeKey: first.dedupeKey })).toBeNull();
    expect((await inbox.findByKey(first.dedupeKey))?.id).toBe(first.id);
    await inbox.insert(inbound(contactId, 4));
    await inbox.insert(inbound(contactId, 3));
    expect((await inbox.after(contactId, 1, 10)).map((m) => m.seq)).toEqual([3, 4]);
    const conversationId = newObjectId();
    await inbox.setConversation(first.id, conversationId);
    expect((await inbox.get(first.id))?.conversationId).toBe(conversationId);
    await inbox.setConversation(first.id, null);
    expect((await inbox.get(first.id))?.conversationId ?? null).toBeNull();
  });

  it('stores outbound rows in one call, answering the stored row for a key already taken', async () => {
    const { outbox } = await make();
    const contactId = newObjectId();
    const key = newObjectId();
    const [a] = await outbox.insertMany([outbound(contactId, key)]);
    expect(a).toMatchObject({ created: true });
    const again = await outbox.insertMany([outbound(contactId, key, { text: 'other' }), outbound(contactId, `${key}#2`)]);
    expect(again.map((r) => [r.created, r.row.text])).toEqual([
      [false, 'Hello'],
      [true, 'Hello'],
    ]);
    expect(again[0]!.row.id).toBe(a!.row.id);
  });

  it('stores every new row of callers writing at once, whichever of their neighbours are duplicates', async () => {
    const { inbox, outbox } = await make();
    const contactId = newObjectId();
    const taken = outbound(contactId, newObjectId());
    await outbox.insertMany([taken]);
    // the first call goes alone; the ones made meanwhile may share one write (a group commit), duplicates in the middle
    const fresh = Array.from({ length: 6 }, () => outbound(contactId, newObjectId()));
    const inboundFresh = inbound(contactId, 7);
    const answers = await Promise.all([
      outbox.insertMany([fresh[0]!]),
      outbox.insertMany([fresh[1]!]),
      outbox.insertMany([{ ...outbound(contactId, 'x'), dedupeKey: taken.dedupeKey }]),
      outbox.insertMany([fresh[2]!, fresh[3]!]),
      inbox.insert({ ...inbound(contactId, 8), dedupeKey: `in:dup:${contactId}` }),
      inbox.insert({ ...inbound(contactId, 9), dedupeKey: `in:dup:${contactId}` }),
      outbox.insertMany([fresh[4]!]),
      inbox.insert(inboundFresh),
      outbox.insertMany([fresh[5]!]),
    ]);
    expect(answers[2]).toEqual([{ row: expect.objectContaining({ id: taken.id }), created: false }]);
    expect([answers[4], answers[5]].filter((a) => a === null)).toHaveLength(1);
    for (const row of fresh) expect((await outbox.get(row.id))?.id, `row ${row.dedupeKey}`).toBe(row.id);
    expect((await inbox.get(inboundFresh.id))?.id).toBe(inboundFresh.id);
  });

  it('claims a queued row once, marks it sent only from sending, and moves statuses as asked', async () => {
    const { outbox } = await make();
    const contactId = newObjectId();
    const { row } = (await outbox.insertMany([outbound(contactId, newObjectId(), { status: 'queued', attempts: 0 })]))[0]!;
    const claims = await Promise.all([outbox.claim(row.id, t(1)), outbox.claim(row.id, t(1))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ status: 'sending', attempts: 1 });
    await outbox.markSent(row.id, 'sent', 'SM1', t(2));
    await outbox.markSent(row.id, 'queued', 'SM2', t(3)); // not sending any more: ignored
    expect(await outbox.get(row.id)).toMatchObject({ status: 'sent', providerId: 'SM1' });
    expect(await outbox.setStatus(row.id, 'failed', 'x', t(4), 'queued')).toBe(false);
    expect(await outbox.setStatus(row.id, 'delivered', undefined, t(4))).toBe(true);
  });

  it('claims a row left sending only once it is stale, and only once', async () => {
    const { outbox } = await make();
    const { row } = (await outbox.insertMany([outbound(newObjectId(), newObjectId(), { updatedAt: t(100) })]))[0]!;
    expect(await outbox.claim(row.id, t(200))).toBeNull(); // sending is not queued
    expect(await outbox.claim(row.id, t(200), t(100))).toBeNull(); // claimed at 100: not before 100
    const claims = await Promise.all([outbox.claim(row.id, t(300), t(101)), outbox.claim(row.id, t(300), t(101))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ status: 'sending', attempts: 2 });
    await outbox.markSent(row.id, 'sent', 'SM9', t(301));
    expect(await outbox.claim(row.id, t(400), t(1_000))).toBeNull(); // sent: final
  });

  it('finds an earlier message to the contact still being retried, and not a later one or a sent one', async () => {
    const { outbox } = await make();
    const contactId = newObjectId();
    const { row: earlier } = (await outbox.insertMany([outbound(contactId, newObjectId(), { status: 'queued', attempts: 2, createdAt: t(10), updatedAt: t(10) })]))[0]!;
    const later = outbound(contactId, newObjectId(), { createdAt: t(20) });
    expect((await outbox.earlierRetrying(later, 6, t(0)))?.id).toBe(earlier.id);
    expect(await outbox.earlierRetrying({ ...later, createdAt: t(5) }, 6, t(0))).toBeNull();
    expect(await outbox.earlierRetrying({ ...later, contactId: newObjectId() }, 6, t(0))).toBeNull();
    await outbox.claim(earlier.id, t(11));
    await outbox.markSent(earlier.id, 'sent', 'SM9', t(12));
    expect(await outbox.earlierRetrying(later, 6, t(0))).toBeNull();
  });
}
