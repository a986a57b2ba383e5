// Accepting a message from a contact, in two round trips: the contact (found or created, its next
// message number taken, in one atomic write) and the message (stored once: its unique key makes a
// provider's retry a no-op). The answer carries both, so the runner starts without reading them back.
import type { ChannelName, ContactRecord, Provider } from '../ports/contact-store';
import type { InboundMessageRecord } from '../ports/message-store';
import type { Stores } from '../ports/stores';
import { BoundedCache } from '../util/bounded-cache';
import { newObjectId } from './object-id';

export interface InboundInput {
  botId: string;
  channel: ChannelName;
  address: string;
  text: string;
  mediaUrl?: string;
  /** The provider's message id (Twilio MessageSid, WhatsApp wamid); absent for the simulator. */
  providerId?: string;
  /** Who carried it (absent for the simulator); the contact's replies go back the same way. */
  provider?: Provider;
  flowSource: 'draft' | 'published';
  /** Attributes to give a contact seen for the first time (a profile name, say). */
  profile?: Record<string, unknown>;
  timezone?: string;
  /** Attributes to set on the contact with this message (the simulator's contact card). */
  attributes?: Record<string, unknown>;
}

export interface InboundReceipt {
  messageId: string;
  contactId: string;
  /** A provider's retry of a message already stored. */
  duplicate: boolean;
  /** A duplicate whose message is not handled yet (its process may have died): the receiver handles it. */
  unhandled?: boolean;
}

/** What the runner needs to process the message without reading it back. */
export interface Arrival {
  message: InboundMessageRecord;
  contact: ContactRecord;
}

export function createInbox(stores: Pick<Stores, 'contacts' | 'inbox'>, clock: () => Date = () => new Date()) {
  /** Per contact, the highest message number this process stamped and its time. */
  const stamps = new BoundedCache<string, { seq: number; at: number }>(50_000);

  /**
   * A receive time that increases with the message number, so transcripts (sorted by time) show a
   * contact's messages in the order they are processed (by number), even when several arrive in one
   * millisecond or their answers from the database come back in another order than they were numbered.
   */
  function stamp(contact: ContactRecord): Date {
    const candidate = Math.max(clock().getTime(), contact.lastInboundAt?.getTime() ?? 0);
    const last = stamps.get(contact.id);
    let at = candidate;
    if (last && contact.messageSeq > last.seq) at = Math.max(candidate, last.at + 1);
    else if (last) at = Math.min(candidate, last.at - (last.seq - contact.messageSeq));
    if (!last || contact.messageSeq > last.seq) stamps.set(contact.id, { seq: contact.messageSeq, at });
    return new Date(at);
  }

  return {
    /** `numbered` hears of the message's number before it is stored, and is told when that is settled. */
    async receive(input: InboundInput, now: Date, numbered?: (contactId: string, seq: number) => () => void): Promise<InboundReceipt & { arrival?: Arrival }> {
      const contact = await stores.contacts.arrive({ botId: input.botId, channel: input.channel, address: input.address, provider: input.provider, profile: input.profile, timezone: input.timezone, attributes: input.attributes, at: now });
      const settled = numbered?.(contact.id, contact.messageSeq);
      try {
        return await this.store(input, contact);
      } finally {
        settled?.();
      }
    },

    async store(input: InboundInput, contact: ContactRecord): Promise<InboundReceipt & { arrival?: Arrival }> {
      const dedupeKey = input.providerId ? `in:${input.botId}:${input.channel}:${input.providerId}` : `in:${contact.id}:${contact.messageSeq}`;
      const message: InboundMessageRecord = {
        id: newObjectId(),
        botId: input.botId,
        contactId: contact.id,
        // the conversation it will most likely join; a new one gets this id (see runner.ts)
        conversationId: contact.activeConversationId ?? newObjectId(),
        channel: input.channel,
        text: input.text,
        mediaUrl: input.mediaUrl,
        providerId: input.providerId || undefined,
        dedupeKey,
        seq: contact.messageSeq,
        flowSource: input.flowSource,
        createdAt: stamp(contact),
      };
      const stored = await stores.inbox.insert(message);
      if (!stored) {
        // a provider's retry: the number just taken stays unused (the runner skips gaps)
        const existing = await stores.inbox.findByKey(dedupeKey);
        // not handled yet: the process that stored it may have died after storing it (the provider
        // retries because it got no answer), so this process handles it; were the first one still at
        // it, the conversation's record of the messages it took in keeps it from being applied twice
        if (existing && existing.seq > contact.processedSeq) return { messageId: existing.id, contactId: contact.id, duplicate: true, unhandled: true, arrival: { message: existing, contact } };
        return { messageId: existing?.id ?? '', contactId: contact.id, duplicate: true };
      }
      return { messageId: message.id, contactId: contact.id, duplicate: false, arrival: { message, contact } };
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
