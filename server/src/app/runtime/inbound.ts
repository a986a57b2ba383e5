// Accepting a message from a contact: find or create the contact, store the message once (a
// provider's retry of the same message id is a no-op) and queue it for in-order processing.
import type { Types } from 'mongoose';
import { ContactModel, MessageModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';

export interface InboundInput {
  botId: string;
  channel: 'simulator' | 'sms' | 'whatsapp';
  address: string;
  text: string;
  mediaUrl?: string;
  /** The provider's message id (Twilio MessageSid, WhatsApp wamid); absent for the simulator. */
  providerId?: string;
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

type ContactSeq = { _id: Types.ObjectId; messageSeq: number };

/** Upserts the contact and takes the next message number. Two first messages racing to create
 * the contact: one insert wins, the other hits the unique index and simply updates. */
async function touchContact(input: InboundInput, now: Date): Promise<ContactSeq> {
  for (let attempt = 0; ; attempt++) {
    try {
      const contact = await upsertContact(input, now);
      if (contact) return contact;
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
}

function upsertContact(input: InboundInput, now: Date) {
  return ContactModel.findOneAndUpdate(
    { botId: input.botId, channel: input.channel, address: input.address },
    {
      $setOnInsert: { attributes: input.profile ?? {}, ...(input.timezone ? { timezone: input.timezone } : {}) },
      $set: { lastInboundAt: now },
      $inc: { messageSeq: 1 },
    },
    { upsert: true, returnDocument: 'after', projection: { _id: 1, messageSeq: 1 } },
  ).lean<ContactSeq>();
}

/** The message is published live once the runner has attached it to a conversation. */
export async function receiveInbound(input: InboundInput, now: Date): Promise<InboundReceipt> {
  const contact = await touchContact(input, now);
  const dedupeKey = input.providerId ? `in:${input.botId}:${input.channel}:${input.providerId}` : `in:${contact._id.toString()}:${contact.messageSeq}`;
  try {
    const created = await MessageModel.create({
      botId: input.botId,
      contactId: contact._id,
      channel: input.channel,
      direction: 'in',
      text: input.text,
      mediaUrl: input.mediaUrl,
      sentBy: 'contact',
      status: 'received',
      providerId: input.providerId,
      dedupeKey,
      seq: contact.messageSeq,
      flowSource: input.flowSource,
    });
    return { messageId: created._id.toString(), contactId: contact._id.toString(), duplicate: false };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const existing = await MessageModel.findOne({ dedupeKey }, { _id: 1 }).lean();
    return { messageId: existing?._id.toString() ?? '', contactId: contact._id.toString(), duplicate: true };
  }
}
