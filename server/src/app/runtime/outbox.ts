// Outbound messages go through an outbox: the message is stored under a unique key BEFORE the
// provider is called, so a re-run step or a retry never sends it twice.
import type { Types } from 'mongoose';
import { splitSmsBody, withNumberedChoices } from '@botloom/shared';
import { ContactModel, MessageModel, type Provider } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import type { OutgoingMessage } from '../../engine/types';
import { PermanentChannelError, TransientChannelError, type ChannelMessage, type ChannelPort, type ChannelTemplate } from '../../ports/channel';
import type { LivePort } from '../../ports/live';
import type { SchedulerPort } from '../../ports/scheduler';
import { appendOutsideStep } from './conversation-store';
import type { SenderPacer } from './sender-pacer';

export const MAX_SEND_ATTEMPTS = 6;

/** Exponential backoff between tries of one message: 2 s, 4 s, 8 s... at most 5 minutes. */
function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 5 * 60_000);
}

/** Who a message goes to: the contact's channel and the provider it last wrote through (unset: the bot's default). */
export interface ChannelTarget {
  botId: string;
  channel: string;
  provider?: Provider | null;
}

export interface OutboxDeps {
  channelFor(target: ChannelTarget): ChannelPort | Promise<ChannelPort>;
  scheduler: SchedulerPort;
  live: LivePort;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** Holds each send until its sender's messages-per-second cap allows it (absent: no pacing). */
  pacer?: SenderPacer;
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
  /** The answer to STOP, START or HELP: sent even though the contact has opted out. */
  consentNotice?: boolean;
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
  template?: ChannelTemplate;
  consentNotice?: boolean;
  status: string;
  providerId?: string | null;
  attempts: number;
  nodeId?: string;
  sentBy: string;
  createdAt: Date;
};

export function createOutbox(deps: OutboxDeps) {
  /** Watchers see a message's status move on (queued -> sent/delivered) without reloading. */
  function publishStatus(doc: MessageDoc, status: string): void {
    deps.live.publish({ type: 'message.status', botId: doc.botId.toString(), conversationId: doc.conversationId?.toString(), messageId: doc._id.toString(), status });
  }

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
    const contact = await ContactModel.findById(doc.contactId, { address: 1, optedOut: 1, provider: 1 }).lean();
    if (!contact) return;
    // opted out on this channel (contacts are per channel): nothing but the answer to STOP/START/HELP goes out
    if (contact.optedOut && !doc.consentNotice) return suppress(doc);
    if (await waitsBehindEarlier(doc)) return;
    const claimed = await MessageModel.findOneAndUpdate({ _id: doc._id, status: 'queued', providerId: null }, { $set: { status: 'sending' }, $inc: { attempts: 1 } }, { returnDocument: 'after' }).lean<MessageDoc>();
    if (!claimed) return; // another worker sent it, or it is already final
    try {
      const channel = await deps.channelFor({ botId: doc.botId.toString(), channel: doc.channel, provider: contact.provider });
      const message: ChannelMessage = {
        messageId: doc._id.toString(),
        botId: doc.botId.toString(),
        to: contact.address,
        text: doc.text,
        mediaUrl: doc.mediaUrl,
        choices: doc.choices,
        ...(doc.template ? { template: doc.template } : {}),
      };
      // the sender's messages-per-second cap holds across processes: the adapter waits for a reserved slot
      const pacer = deps.pacer;
      const result = await channel.send(message, pacer ? (sender) => pacer.wait(sender.key, sender.perSecond) : undefined);
      await MessageModel.updateOne({ _id: doc._id, status: 'sending' }, { $set: { status: result.status, providerId: result.providerId } });
      publishStatus(doc, result.status);
    } catch (err) {
      await handleFailure(claimed, err);
    }
  }

  /**
   * A contact reads messages in the order they were sent: while an earlier one to the same contact
   * is being retried (a provider outage), this one waits behind it instead of overtaking it, until
   * about when the earlier one's next try is due.
   */
  async function waitsBehindEarlier(doc: MessageDoc): Promise<boolean> {
    const now = deps.now().getTime();
    const earlier = await MessageModel.findOne(
      {
        contactId: doc.contactId,
        direction: 'out',
        providerId: null,
        attempts: { $gte: 1, $lt: MAX_SEND_ATTEMPTS },
        $and: [
          // a message claimed long ago by a process that died is no reason to wait
          { $or: [{ status: 'queued' }, { status: 'sending', updatedAt: { $gt: new Date(now - 2 * 60_000) } }] },
          { $or: [{ createdAt: { $lt: doc.createdAt } }, { createdAt: doc.createdAt, _id: { $lt: doc._id } }] },
        ],
      },
      { status: 1, attempts: 1, updatedAt: 1 },
    ).lean<{ status: string; attempts: number; updatedAt: Date }>();
    if (!earlier) return false;
    // one being sent right now is done in a moment; one waiting for a retry, when that retry is due
    const due = earlier.status === 'sending' ? now + 500 : earlier.updatedAt.getTime() + retryDelayMs(earlier.attempts) + 250;
    await deps.scheduler.scheduleOutboxRetry(doc._id.toString(), new Date(Math.max(due, now + 250)));
    return true;
  }

  /** A send the contact's opt-out stops: marked, and written in the conversation's journal. */
  async function suppress(doc: MessageDoc): Promise<void> {
    const marked = await MessageModel.updateOne({ _id: doc._id, status: 'queued' }, { $set: { status: 'suppressed', errorCode: 'opted_out' } });
    if (marked.modifiedCount !== 1) return;
    deps.log('message suppressed: the contact opted out', { messageId: doc._id.toString(), channel: doc.channel });
    if (doc.conversationId) {
      await appendOutsideStep(doc.conversationId.toString(), 'message.suppressed', { messageId: doc._id.toString(), nodeId: doc.nodeId, sentBy: doc.sentBy, reason: 'opted_out', channel: doc.channel }, deps.now());
    }
  }

  async function handleFailure(doc: MessageDoc, err: unknown): Promise<void> {
    const code = err instanceof TransientChannelError || err instanceof PermanentChannelError ? err.code : undefined;
    if (err instanceof TransientChannelError && doc.attempts < MAX_SEND_ATTEMPTS) {
      const delayMs = retryDelayMs(doc.attempts);
      await MessageModel.updateOne({ _id: doc._id }, { $set: { status: 'queued', errorCode: code } });
      await deps.scheduler.scheduleOutboxRetry(doc._id.toString(), new Date(deps.now().getTime() + delayMs));
      deps.log('send failed, will retry', { messageId: doc._id.toString(), attempts: doc.attempts, code });
      return;
    }
    await MessageModel.updateOne({ _id: doc._id }, { $set: { status: 'failed', errorCode: code ?? 'send_error' } });
    deps.log('send failed for good', { messageId: doc._id.toString(), code, error: err instanceof Error ? err.message : String(err) });
  }

  async function storeAndSend(req: OutboundRequest, key: string, text: string, isFirst: boolean): Promise<string> {
    let doc: MessageDoc;
    try {
      const created = await MessageModel.create({
        botId: req.botId,
        contactId: req.contactId,
        conversationId: req.conversationId,
        channel: req.channel,
        direction: 'out',
        text,
        mediaUrl: isFirst ? req.message.mediaUrl : undefined,
        choices: isFirst ? req.message.choices : undefined,
        template: req.message.template,
        consentNotice: req.consentNotice || undefined,
        nodeId: req.nodeId,
        sentBy: req.sentBy,
        status: 'queued',
        dedupeKey: `out:${key}`,
        inReplyTo: req.inReplyTo,
      });
      doc = created.toObject() as MessageDoc;
      publish(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await MessageModel.findOne({ dedupeKey: `out:${key}` }).lean<MessageDoc>();
      if (!existing) throw err;
      doc = existing;
    }
    if (doc.status === 'queued' && !doc.providerId) await attempt(doc);
    return doc._id.toString();
  }

  return {
    /**
     * Stores the message (once per key) and tries to send it now. An SMS longer than one body (1600
     * characters) is stored and sent as several messages, in order, each under its own key.
     */
    async send(req: OutboundRequest): Promise<string> {
      // SMS, the simulator and the transcript read the options as a numbered list
      const text = withNumberedChoices(req.message.text, req.message.choices);
      const parts = req.channel === 'sms' ? splitSmsBody(text) : [text];
      let first: string | undefined;
      for (const [i, part] of parts.entries()) {
        const id = await storeAndSend(req, i === 0 ? req.key : `${req.key}#${i + 1}`, part, i === 0);
        first ??= id;
      }
      return first!;
    },

    /** Called by the retry job. */
    async retry(messageId: string): Promise<void> {
      const doc = await MessageModel.findById(messageId).lean<MessageDoc>();
      if (doc?.status === 'queued' && !doc.providerId) await attempt(doc);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
