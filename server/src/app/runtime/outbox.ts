// Outbound messages go through an outbox: the message is stored under a unique key BEFORE the
// provider is called, so a re-run step or a retry never sends it twice.
import type { Types } from 'mongoose';
import { ContactModel, MessageModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { renderText } from '../../adapters/channels/render';
import type { OutgoingMessage } from '../../engine/types';
import { PermanentChannelError, TransientChannelError, type ChannelPort } from '../../ports/channel';
import type { LivePort } from '../../ports/live';
import type { SchedulerPort } from '../../ports/scheduler';

export const MAX_SEND_ATTEMPTS = 6;

export interface OutboxDeps {
  channelFor(channel: string): ChannelPort;
  scheduler: SchedulerPort;
  live: LivePort;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
}

export interface OutboundRequest {
  key: string;
  botId: string;
  contactId: string;
  conversationId?: string;
  channel: 'simulator' | 'sms' | 'whatsapp';
  message: OutgoingMessage;
  nodeId?: string;
  sentBy: 'bot' | 'agent';
  inReplyTo?: string;
}

type MessageDoc = {
  _id: Types.ObjectId;
  botId: Types.ObjectId;
  contactId: Types.ObjectId;
  conversationId?: Types.ObjectId;
  channel: string;
  text: string;
  mediaUrl?: string;
  choices?: string[];
  status: string;
  providerId?: string | null;
  attempts: number;
  nodeId?: string;
  sentBy: string;
  createdAt: Date;
};

export function createOutbox(deps: OutboxDeps) {
  function publish(doc: MessageDoc): void {
    deps.live.publish({
      type: 'message.created',
      botId: doc.botId.toString(),
      conversationId: doc.conversationId?.toString() ?? '',
      messageId: doc._id.toString(),
      direction: 'out',
      text: doc.text,
      nodeId: doc.nodeId,
      sentBy: doc.sentBy,
      status: doc.status,
      createdAt: doc.createdAt.toISOString(),
    });
  }

  async function attempt(doc: MessageDoc): Promise<void> {
    const contact = await ContactModel.findById(doc.contactId, { address: 1, optedOut: 1 }).lean();
    if (!contact) return;
    if (contact.optedOut && doc.channel !== 'simulator') {
      await MessageModel.updateOne({ _id: doc._id, status: 'queued' }, { $set: { status: 'suppressed', errorCode: 'opted_out' } });
      return;
    }
    const claimed = await MessageModel.findOneAndUpdate({ _id: doc._id, status: 'queued', providerId: null }, { $set: { status: 'sending' }, $inc: { attempts: 1 } }, { returnDocument: 'after' }).lean<MessageDoc>();
    if (!claimed) return; // another worker sent it, or it is already final
    try {
      const result = await deps.channelFor(doc.channel).send({
        messageId: doc._id.toString(),
        botId: doc.botId.toString(),
        to: contact.address,
        text: doc.text,
        mediaUrl: doc.mediaUrl,
        choices: doc.choices,
      });
      await MessageModel.updateOne({ _id: doc._id, status: 'sending' }, { $set: { status: result.status, providerId: result.providerId } });
    } catch (err) {
      await handleFailure(claimed, err);
    }
  }

  async function handleFailure(doc: MessageDoc, err: unknown): Promise<void> {
    const code = err instanceof TransientChannelError || err instanceof PermanentChannelError ? err.code : undefined;
    if (err instanceof TransientChannelError && doc.attempts < MAX_SEND_ATTEMPTS) {
      const delayMs = Math.min(2 ** doc.attempts * 1000, 5 * 60_000);
      await MessageModel.updateOne({ _id: doc._id }, { $set: { status: 'queued', errorCode: code } });
      await deps.scheduler.scheduleOutboxRetry(doc._id.toString(), new Date(deps.now().getTime() + delayMs));
      deps.log('send failed, will retry', { messageId: doc._id.toString(), attempts: doc.attempts, code });
      return;
    }
    await MessageModel.updateOne({ _id: doc._id }, { $set: { status: 'failed', errorCode: code ?? 'send_error' } });
    deps.log('send failed for good', { messageId: doc._id.toString(), code, error: err instanceof Error ? err.message : String(err) });
  }

  return {
    /** Stores the message (once per key) and tries to send it now. */
    async send(req: OutboundRequest): Promise<string> {
      let doc: MessageDoc;
      try {
        const created = await MessageModel.create({
          botId: req.botId,
          contactId: req.contactId,
          conversationId: req.conversationId,
          channel: req.channel,
          direction: 'out',
          text: renderText(req.message),
          mediaUrl: req.message.mediaUrl,
          choices: req.message.choices,
          nodeId: req.nodeId,
          sentBy: req.sentBy,
          status: 'queued',
          dedupeKey: `out:${req.key}`,
          inReplyTo: req.inReplyTo,
        });
        doc = created.toObject() as MessageDoc;
        publish(doc);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const existing = await MessageModel.findOne({ dedupeKey: `out:${req.key}` }).lean<MessageDoc>();
        if (!existing) throw err;
        doc = existing;
      }
      if (doc.status === 'queued' && !doc.providerId) await attempt(doc);
      return doc._id.toString();
    },

    /** Called by the retry job. */
    async retry(messageId: string): Promise<void> {
      const doc = await MessageModel.findById(messageId).lean<MessageDoc>();
      if (doc?.status === 'queued' && !doc.providerId) await attempt(doc);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
