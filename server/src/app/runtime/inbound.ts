// Accepting a message from a contact: find or create the contact, store the message once (a
// provider's retry of the same message id is a no-op) and queue it for in-order processing.
import type { Types } from 'mongoose';
import { ContactModel, MessageModel, type Provider } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { TransientError } from '../../ports/errors';

export interface InboundInput {
  botId: string;
  channel: 'simulator' | 'sms' | 'whatsapp';
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
}

export interface InboundReceipt {
  messageId: string;
  contactId: string;
  duplicate: boolean;
}

type ContactClock = { _id: Types.ObjectId; messageSeq?: number | null; lastInboundAt?: Date | null };

/** Finds or creates the contact. Two first messages racing to create it: one insert wins, the
 * other hits the unique index and simply finds it. */
async function findOrCreateContact(input: InboundInput): Promise<ContactClock> {
  for (let attempt = 0; ; attempt++) {
    try {
      const contact = await ContactModel.findOneAndUpdate(
        { botId: input.botId, channel: input.channel, address: input.address },
        {
          $setOnInsert: { attributes: input.profile ?? {}, ...(input.timezone ? { timezone: input.timezone } : {}) },
          ...(input.provider ? { $set: { provider: input.provider } } : {}),
        },
        { upsert: true, returnDocument: 'after', projection: { _id: 1, messageSeq: 1, lastInboundAt: 1 } },
      ).lean<ContactClock>();
      if (contact) return contact;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
}

/**
 * Takes the contact's next message number together with a receive time that strictly increases
 * with it (a compare-and-set on the number), so the order messages are processed in (their
 * number) is the order transcripts show them in (their time), even when several arrive at once.
 */
async function takeInboxSlot(first: ContactClock, now: Date): Promise<{ contactId: Types.ObjectId; seq: number; at: Date }> {
  let contact: ContactClock | null = first;
  for (let attempt = 0; contact && attempt < 100; attempt++) {
    const seq = contact.messageSeq ?? 0;
    const at = new Date(Math.max(now.getTime(), (contact.lastInboundAt?.getTime() ?? 0) + 1));
    const taken = await ContactModel.updateOne({ _id: contact._id, messageSeq: contact.messageSeq ?? null }, { $set: { messageSeq: seq + 1, lastInboundAt: at } });
    if (taken.modifiedCount === 1) return { contactId: contact._id, seq: seq + 1, at };
    contact = await ContactModel.findById(contact._id, { _id: 1, messageSeq: 1, lastInboundAt: 1 }).lean<ContactClock>();
  }
  throw new TransientError(`contact ${first._id.toString()} is too busy to take a message`);
}

/** The message is published live once the runner has attached it to a conversation. */
export async function receiveInbound(input: InboundInput, now: Date): Promise<InboundReceipt> {
  const providerKey = input.providerId ? `in:${input.botId}:${input.channel}:${input.providerId}` : undefined;
  if (providerKey) {
    // a provider's retry: answer before taking a message number (a number taken and never used
    // makes the contact's next message wait a moment for it, see the conversation runner)
    const existing = await MessageModel.findOne({ dedupeKey: providerKey }, { _id: 1, contactId: 1 }).lean();
    if (existing) return { messageId: existing._id.toString(), contactId: existing.contactId.toString(), duplicate: true };
  }
  const { contactId, seq, at } = await takeInboxSlot(await findOrCreateContact(input), now);
  const dedupeKey = providerKey ?? `in:${contactId.toString()}:${seq}`;
  try {
    const created = await MessageModel.create({
      botId: input.botId,
      contactId,
      channel: input.channel,
      direction: 'in',
      text: input.text,
      mediaUrl: input.mediaUrl,
      sentBy: 'contact',
      status: 'received',
      providerId: input.providerId,
      dedupeKey,
      seq,
      flowSource: input.flowSource,
      createdAt: at,
    });
    return { messageId: created._id.toString(), contactId: contactId.toString(), duplicate: false };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const existing = await MessageModel.findOne({ dedupeKey }, { _id: 1 }).lean();
    return { messageId: existing?._id.toString() ?? '', contactId: contactId.toString(), duplicate: true };
  }
}
