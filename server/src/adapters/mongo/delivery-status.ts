// Delivery statuses reported by providers (Twilio status callbacks, Meta's statuses[]). They can
// arrive out of order and more than once, so a status only ever moves a message forward.
import type { Types } from 'mongoose';
import { MessageModel, MESSAGE_STATUSES } from './models';

type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Later statuses never go back to earlier ones. Final outcomes (delivered, undelivered, failed) share a rank. */
export const STATUS_RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, read: 4 };

export interface ChangedMessage {
  id: string;
  conversationId?: string;
  nodeId?: string;
}

/**
 * Sets the status of the bot's message with this provider id, unless it already has the same or a
 * later one. Unknown statuses are ignored. Answers the message when it changed (one round trip:
 * what the caller tells watchers and the journal comes back with the write), else null.
 */
export async function applyDeliveryStatus(
  botId: Types.ObjectId | string,
  providerId: string,
  status: string,
  errorCode?: string,
): Promise<ChangedMessage | null> {
  const rank = STATUS_RANK[status];
  if (!providerId || rank === undefined) return null;
  const lower = MESSAGE_STATUSES.filter((s) => (STATUS_RANK[s] ?? 99) < rank);
  const message = await MessageModel.findOneAndUpdate(
    { botId, providerId, status: { $in: lower } },
    { $set: { status: status as MessageStatus, ...(errorCode ? { errorCode } : {}) } },
    { projection: { conversationId: 1, nodeId: 1 } },
  ).lean();
  if (!message) return null;
  return { id: message._id.toString(), conversationId: message.conversationId?.toString(), nodeId: message.nodeId ?? undefined };
}

/**
 * Messenger tells "delivered" and "read" by a watermark: every message the page sent the contact up
 * to that time. Moves those still at an earlier status forward (never a failed one), and answers them.
 */
export async function applyStatusUpTo(botId: Types.ObjectId | string, contactId: Types.ObjectId | string, status: 'delivered' | 'read', upTo: Date): Promise<ChangedMessage[]> {
  const from: MessageStatus[] = status === 'read' ? ['sent', 'delivered'] : ['sent'];
  const filter = { botId, contactId, direction: 'out' as const, status: { $in: from }, createdAt: { $lte: upTo } };
  const messages = await MessageModel.find(filter, { conversationId: 1, nodeId: 1 }).limit(500).lean();
  if (messages.length === 0) return [];
  await MessageModel.updateMany({ _id: { $in: messages.map((m) => m._id) }, status: { $in: from } }, { $set: { status } });
  return messages.map((m) => ({ id: m._id.toString(), conversationId: m.conversationId?.toString(), nodeId: m.nodeId ?? undefined }));
}
