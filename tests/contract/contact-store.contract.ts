// What every ContactStore must do (run against MongoDB and the in-memory twin).
import { expect, it } from 'vitest';
import type { ContactStore } from '../../server/src/ports/contact-store';
import { newObjectId } from '../../server/src/runtime/object-id';

export function contactStoreContract(make: () => Promise<ContactStore> | ContactStore): void {
  const botId = newObjectId();
  const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));

  it('creates the contact on its first message and numbers its messages 1, 2, 3', async () => {
    const store = await make();
    const address = `+1555${Math.floor(Math.random() * 1e6)}`;
    const first = await store.arrive({ botId, channel: 'sms', address, profile: { first_name: 'Ana' }, provider: 'twilio', at: at(1) });
    expect(first).toMatchObject({ botId, channel: 'sms', address, messageSeq: 1, processedSeq: 0, optedOut: false, provider: 'twilio', attributes: { first_name: 'Ana' } });
    const second = await store.arrive({ botId, channel: 'sms', address, profile: { first_name: 'Other' }, at: at(2) });
    expect(second).toMatchObject({ id: first.id, messageSeq: 2, attributes: { first_name: 'Ana' } });
    expect((await store.get(first.id))?.lastInboundAt).toEqual(at(2));
  });

  it('gives concurrent first messages one contact and distinct numbers', async () => {
    const store = await make();
    const address = `+1666${Math.floor(Math.random() * 1e6)}`;
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => store.arrive({ botId, channel: 'whatsapp', address, at: at(i) })));
    expect(new Set(all.map((c) => c.id)).size).toBe(1);
    expect(all.map((c) => c.messageSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const more = await Promise.all(Array.from({ length: 20 }, (_, i) => store.arrive({ botId, channel: 'whatsapp', address, at: at(i) })));
    expect(more.map((c) => c.messageSeq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 21));
  });

  it('finds or creates a contact the bot writes to first, once under concurrent callers, without numbering a message', async () => {
    const store = await make();
    const address = `+1777${Math.floor(Math.random() * 1e6)}`;
    const all = await Promise.all(Array.from({ length: 10 }, () => store.findOrCreate({ botId, channel: 'sms', address, at: at(1) })));
    expect(new Set(all.map((r) => r.contact.id)).size).toBe(1);
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(all[0]!.contact).toMatchObject({ botId, channel: 'sms', address, messageSeq: 0, processedSeq: 0, optedOut: false, attributes: {} });
    // the contact writing later is the same contact, and its first message is number 1
    const wrote = await store.arrive({ botId, channel: 'sms', address, at: at(2) });
    expect(wrote).toMatchObject({ id: all[0]!.contact.id, messageSeq: 1 });
    expect(await store.findOrCreate({ botId, channel: 'sms', address, at: at(3) })).toMatchObject({ created: false, contact: { id: wrote.id, messageSeq: 1 } });
  });

  it('never moves the last inbound time back, and sets given attributes on every message', async () => {
    const store = await make();
    const address = `+1777${Math.floor(Math.random() * 1e6)}`;
    await store.arrive({ botId, channel: 'simulator', address, attributes: { city: 'Lyon' }, at: at(5) });
    const later = await store.arrive({ botId, channel: 'simulator', address, attributes: { plan: 'gold' }, at: at(3) });
    expect(later.lastInboundAt).toEqual(at(5));
    expect(later.attributes).toMatchObject({ city: 'Lyon', plan: 'gold' });
  });

  it('records handled messages without going back, and the active conversation', async () => {
    const store = await make();
    const contact = await store.arrive({ botId, channel: 'sms', address: `+1888${Math.floor(Math.random() * 1e6)}`, at: at(1) });
    const conversationId = newObjectId();
    await store.finishInbound(contact.id, 3, conversationId);
    await store.finishInbound(contact.id, 2, conversationId);
    expect(await store.get(contact.id)).toMatchObject({ processedSeq: 3, activeConversationId: conversationId });
    await store.setActiveConversation(contact.id, null, newObjectId()); // another conversation: unchanged
    expect((await store.get(contact.id))?.activeConversationId).toBe(conversationId);
    await store.setActiveConversation(contact.id, null, conversationId);
    expect((await store.get(contact.id))?.activeConversationId ?? null).toBeNull();
  });

  it('answers which contacts have messages not yet handled', async () => {
    const store = await make();
    const waiting = await store.arrive({ botId, channel: 'sms', address: `+1999${Math.floor(Math.random() * 1e6)}`, at: at(1) });
    const done = await store.arrive({ botId, channel: 'sms', address: `+1998${Math.floor(Math.random() * 1e6)}`, at: at(1) });
    await store.finishInbound(done.id, done.messageSeq, null);
    const found = await store.withUnprocessedInbound(at(2), 1000);
    expect(found).toContain(waiting.id);
    expect(found).not.toContain(done.id);
    expect(await store.withUnprocessedInbound(at(0), 1000)).not.toContain(waiting.id);
  });

  it('changes consent only once each way, and keeps attributes and the outbox hold', async () => {
    const store = await make();
    const contact = await store.arrive({ botId, channel: 'sms', address: `+1997${Math.floor(Math.random() * 1e6)}`, at: at(1) });
    expect(await store.setOptedOut(contact.id, true, at(2))).toBe(true);
    expect(await store.setOptedOut(contact.id, true, at(3))).toBe(false);
    expect(await store.setOptedOut(contact.id, false, at(4))).toBe(true);
    await store.setAttributes(contact.id, { tier: 'b' });
    await store.holdOutbox(contact.id, at(30));
    await store.holdOutbox(contact.id, at(20));
    expect(await store.get(contact.id)).toMatchObject({ optedOut: false, attributes: { tier: 'b' }, outboxHeldUntil: at(30) });
  });

  it('knows a contact that only wrote in as not registered, and refuses it once however many messages race', async () => {
    const store = await make();
    const contact = await store.arrive({ botId, channel: 'sms', address: `+1996${Math.floor(Math.random() * 1e6)}`, at: at(1) });
    expect(contact.registered ?? false).toBe(false);
    expect((await store.get(contact.id))?.registered ?? false).toBe(false);
    const answers = await Promise.all(Array.from({ length: 10 }, () => store.markRefused(contact.id, at(2))));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await store.markRefused(contact.id, at(3))).toBe(false);
  });
}
