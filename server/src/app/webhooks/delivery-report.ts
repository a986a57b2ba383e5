// What a provider's delivery status changes, told once for every provider: the message moves
// forward, whoever watches its conversation sees the new status live, and a message that did not
// arrive (failed, undelivered: WhatsApp's closed window is 63016 / 131047) shows in the journal.
import type { Types } from 'mongoose';
import { applyDeliveryStatus } from '../../adapters/mongo/delivery-status';
import type { AppContext } from '../app-context';

export async function reportDeliveryStatus(ctx: AppContext, botId: Types.ObjectId | string, providerId: string, status: string, errorCode?: string): Promise<void> {
  const message = await applyDeliveryStatus(botId, providerId, status, errorCode);
  if (!message) return;
  ctx.live.publish({ type: 'message.status', botId: botId.toString(), conversationId: message.conversationId, messageId: message.id, status });
  if ((status === 'failed' || status === 'undelivered') && message.conversationId) {
    await ctx.journal(message.conversationId, 'message.failed', { messageId: message.id, nodeId: message.nodeId, status, errorCode }).catch(() => undefined);
  }
}
