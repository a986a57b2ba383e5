// The in-memory twin of the contact store: same answers as MongoDB's (the contract tests in
// tests/contract hold both to them), for unit tests of the runtime and for trying things out.
import type { ContactRecord, ContactStore } from '../../ports/contact-store';
import { newObjectId } from '../../runtime/object-id';

export function createMemoryContactStore(): ContactStore & { all(): ContactRecord[]; register(id: string): void } {
  const byId = new Map<string, ContactRecord>();
  const refused = new Set<string>();
  const byKey = new Map<string, string>();
  const copy = (c: ContactRecord): ContactRecord => structuredClone(c);

  return {
    all: () => [...byId.values()].map(copy),
    /** What staff do through the API (the runtime never registers anyone). */
    register(id) {
      const contact = byId.get(id);
      if (contact) contact.registered = true;
    },
    async arrive(input) {
      const key = `${input.botId}|${input.channel}|${input.address}`;
      let contact = byKey.has(key) ? byId.get(byKey.get(key)!) : undefined;
      if (!contact) {
        contact = { id: newObjectId(), botId: input.botId, channel: input.channel, address: input.address, attributes: input.attributes ? {} : { ...(input.profile ?? {}) }, timezone: input.timezone ?? null, optedOut: false, messageSeq: 0, processedSeq: 0, provider: null, activeConversationId: null, lastInboundAt: null, outboxHeldUntil: null, registered: false };
        byId.set(contact.id, contact);
        byKey.set(key, contact.id);
      }
      contact.messageSeq += 1;
      if (!contact.lastInboundAt || contact.lastInboundAt < input.at) contact.lastInboundAt = input.at;
      if (input.provider) contact.provider = input.provider;
      Object.assign(contact.attributes, input.attributes ?? {});
      return copy(contact);
    },
    async get(id) {
      const contact = byId.get(id);
      return contact ? copy(contact) : null;
    },
    async findOrCreate(input) {
      const key = `${input.botId}|${input.channel}|${input.address}`;
      const existing = byKey.has(key) ? byId.get(byKey.get(key)!) : undefined;
      if (existing) return { contact: copy(existing), created: false };
      const contact: ContactRecord = { id: newObjectId(), botId: input.botId, channel: input.channel, address: input.address, attributes: {}, timezone: null, optedOut: false, messageSeq: 0, processedSeq: 0, provider: null, activeConversationId: null, lastInboundAt: null, outboxHeldUntil: null };
      byId.set(contact.id, contact);
      byKey.set(key, contact.id);
      return { contact: copy(contact), created: true };
    },
    async finishInbound(id, seq, activeConversationId) {
      const contact = byId.get(id);
      if (!contact) return;
      contact.processedSeq = Math.max(contact.processedSeq, seq);
      contact.activeConversationId = activeConversationId;
    },
    async setActiveConversation(id, conversationId, onlyIf) {
      const contact = byId.get(id);
      if (!contact || (onlyIf && contact.activeConversationId !== onlyIf)) return;
      contact.activeConversationId = conversationId;
    },
    async setOptedOut(id, optedOut) {
      const contact = byId.get(id);
      if (!contact || contact.optedOut === optedOut) return false;
      contact.optedOut = optedOut;
      return true;
    },
    async setAttributes(id, attributes) {
      const contact = byId.get(id);
      if (contact) Object.assign(contact.attributes, structuredClone(attributes));
    },
    async holdOutbox(id, until) {
      const contact = byId.get(id);
      if (contact && (!contact.outboxHeldUntil || contact.outboxHeldUntil < until)) contact.outboxHeldUntil = until;
    },
    async markRefused(id) {
      if (!byId.has(id) || refused.has(id)) return false;
      refused.add(id);
      return true;
    },
    async withUnprocessedInbound(before, limit) {
      return [...byId.values()]
        .filter((c) => c.lastInboundAt && c.lastInboundAt < before && c.messageSeq > c.processedSeq)
        .slice(0, limit)
        .map((c) => c.id);
    },
  };
}
