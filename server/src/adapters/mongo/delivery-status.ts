// Delivery statuses reported by providers (Twilio status callbacks, Meta's statuses[]). They can
// arrive out of order and more than once, so a status only ever moves a message forward.
import type { Types } from 'mongoose';
import { MessageModel, MESSAGE_STATUSES } from './models';

type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Later statuses never go back to earlier ones. Final outcomes (delivered, undelivered, failed) share a rank. */
export const STATUS_RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, read: 4 };

/**
 * Sets the status of the bot's message with this provider id, unless it already has the same or a
 * later one. Unknown statuses are ignored. Answers whether the message changed.
 */
export async function applyDeliveryStatus(
  botId: Types.ObjectId | string,
  providerId: string,
  status: string,
  errorCode?: string,
): Promise<boolean> {
  const rank = STATUS_RANK[status];
  if (!providerId || rank === undefined) return false;
  const lower = MESSAGE_STATUSES.filter((s) => (STATUS_RANK[s] ?? 99) < rank);
  const result = await MessageModel.updateOne(
    { botId, providerId, status: { $in: lower } },
    { $set: { status: status as MessageStatus, ...(errorCode ? { errorCode } : {}) } },
  );
  return result.modifiedCount === 1;
}

/** Writes a message that did not arrive (failed, undelivered) into its conversation's journal. */
export async function journalDeliveryFailure(
  journal: (conversationId: string, type: string, data: Record<string, unknown>) => Promise<void>,
  botId: Types.ObjectId | string,
  providerId: string,
  status: string,
  errorCode?: string,
): Promise<void> {
  if (status !== 'failed' && status !== 'undelivered') return;
  const message = await MessageModel.findOne({ botId, providerId }, { conversationId: 1, nodeId: 1 }).lean();
  if (!message?.conversationId) return;
  await journal(message.conversationId.toString(), 'message.failed', {
    messageId: message._id.toString(),
    nodeId: message.nodeId,
    status,
    errorCode,
  }).catch(() => undefined);
}
