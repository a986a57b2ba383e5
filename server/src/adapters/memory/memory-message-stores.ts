// In-memory twins of the inbox and the outbox (one list of messages, unique by key, like the collection).
import type { InboundMessageRecord, InboxStore, OutboundMessageRecord, OutboxStore } from '../../ports/message-store';

export function createMemoryMessageStores(): { inbox: InboxStore; outbox: OutboxStore; outbound(): OutboundMessageRecord[] } {
  const inbound = new Map<string, InboundMessageRecord>();
  const outbound = new Map<string, OutboundMessageRecord>();
  const keys = new Map<string, string>();
  const copy = <T>(v: T): T => structuredClone(v);

  const inbox: InboxStore = {
    async insert(message) {
      if (keys.has(message.dedupeKey) || inbound.has(message.id)) return null;
      keys.set(message.dedupeKey, message.id);
      inbound.set(message.id, copy(message));
      return message;
    },
    async findByKey(dedupeKey) {
      const id = keys.get(dedupeKey);
      const found = id ? inbound.get(id) : undefined;
      return found ? copy(found) : null;
    },
    async get(id) {
      const found = inbound.get(id);
      return found ? copy(found) : null;
    },
    async after(contactId, afterSeq, limit) {
      return [...inbound.values()]
        .filter((m) => m.contactId === contactId && m.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map(copy);
    },
    async setConversation(id, conversationId) {
      const found = inbound.get(id);
      if (found) found.conversationId = conversationId;
    },
  };

  const outbox: OutboxStore = {
    async insertMany(rows) {
      return rows.map((row) => {
        const taken = keys.get(row.dedupeKey);
        if (taken) return { row: copy(outbound.get(taken)!), created: false };
        keys.set(row.dedupeKey, row.id);
        outbound.set(row.id, copy(row));
        return { row, created: true };
      });
    },
    async get(id) {
      const found = outbound.get(id);
      return found ? copy(found) : null;
    },
    async claim(id, at, staleSendingBefore) {
      const found = outbound.get(id);
      const stale = staleSendingBefore !== undefined && found?.status === 'sending' && found.updatedAt < staleSendingBefore;
      if (!found || (found.status !== 'queued' && !stale) || found.providerId) return null;
      Object.assign(found, { status: 'sending', attempts: found.attempts + 1, updatedAt: at });
      return copy(found);
    },
    async markSent(id, status, providerId, at) {
      const found = outbound.get(id);
      if (found?.status === 'sending') Object.assign(found, { status, providerId: providerId ?? null, updatedAt: at });
    },
    async setStatus(id, status, errorCode, at, onlyFrom) {
      const found = outbound.get(id);
      if (!found || (onlyFrom && found.status !== onlyFrom)) return false;
      Object.assign(found, { status, updatedAt: at, ...(errorCode ? { errorCode } : {}) });
      return true;
    },
    async earlierRetrying(row, maxAttempts, sendingSince) {
      const earlier = [...outbound.values()].find(
        (m) =>
          m.contactId === row.contactId &&
          !m.providerId &&
          m.attempts >= 1 &&
          m.attempts < maxAttempts &&
          (m.status === 'queued' || (m.status === 'sending' && m.updatedAt > sendingSince)) &&
          (m.createdAt < row.createdAt || (m.createdAt.getTime() === row.createdAt.getTime() && m.id < row.id)),
      );
      return earlier ? copy(earlier) : null;
    },
  };

  return { inbox, outbox, outbound: () => [...outbound.values()].map(copy) };
}
