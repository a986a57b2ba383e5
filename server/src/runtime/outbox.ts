// Outbound messages go through an outbox: the message is stored under a unique key BEFORE the
// provider is called, so a re-run step or a retry never sends it twice. On the usual path a row is
// stored already claimed (`sending`, one attempt) by the process about to send it: one write, then
// the provider. Rows that cannot go now (an outage being retried) are stored `queued` for the retry job.
import type { OutgoingMessage } from '../engine/types';
import { PermanentChannelError, TransientChannelError, type ChannelMessage, type ChannelPort } from '../ports/channel';
import type { ChannelName, ContactRecord, Provider } from '../ports/contact-store';
import type { LivePort } from '../ports/live';
import type { OutboundMessageRecord } from '../ports/message-store';
import type { SchedulerPort } from '../ports/scheduler';
import type { Stores } from '../ports/stores';
import { newObjectId } from './object-id';
import { outboundParts } from './outbound-parts';
import type { SenderPacer } from './sender-pacer';

export const MAX_SEND_ATTEMPTS = 6;
/** After a failed send, the contact's next sends check for it (and wait behind it) this long. */
const HOLD_MS = 10 * 60_000;
/**
 * A message claimed (`sending`) this long ago and never handed over was claimed by a process that
 * died: a provider call answers (or times out) well within it. Shorter than the runner's wait for
 * another process's in-flight step (runner.ts), so what that wait gives up on can be sent again.
 */
export const STALE_SENDING_MS = 8_000;

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
  stores: Pick<Stores, 'outbox' | 'contacts'>;
  channelFor(target: ChannelTarget): ChannelPort | Promise<ChannelPort>;
  scheduler: SchedulerPort;
  live: LivePort;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** Journals outside a step (a suppressed send). */
  journal(conversationId: string, type: string, data: Record<string, unknown>): Promise<void>;
  /** Holds each send until its sender's messages-per-second cap allows it (absent: no pacing). */
  pacer?: SenderPacer;
}

export interface OutboundRequest {
  key: string;
  botId: string;
  contactId: string;
  conversationId?: string;
  channel: ChannelName;
  message: OutgoingMessage;
  nodeId?: string;
  sentBy: 'bot' | 'agent';
  inReplyTo?: string;
  /** The answer to STOP, START or HELP: sent even though the contact has opted out. */
  consentNotice?: boolean;
  /** The contact as the caller just read it (saves a read); absent: the outbox reads it. */
  contact?: ContactRecord;
}

export function createOutbox(deps: OutboxDeps) {
  const { outbox, contacts } = deps.stores;

  function publishStatus(row: OutboundMessageRecord, status: string): void {
    deps.live.publish({ type: 'message.status', botId: row.botId, conversationId: row.conversationId ?? undefined, messageId: row.id, status });
  }

  function publish(row: OutboundMessageRecord): void {
    deps.live.publish({ type: 'message.created', botId: row.botId, conversationId: row.conversationId ?? '', messageId: row.id, direction: 'out', text: row.text, nodeId: row.nodeId, sentBy: row.sentBy, status: row.status, createdAt: row.createdAt.toISOString() });
  }

  /** Hands a claimed row (`sending`) to the provider and records the answer. */
  async function deliver(row: OutboundMessageRecord, contact: ContactRecord, askProviderFirst = false): Promise<boolean> {
    try {
      const channel = await deps.channelFor({ botId: row.botId, channel: row.channel, provider: contact.provider });
      const message: ChannelMessage = { messageId: row.id, botId: row.botId, to: contact.address, text: row.text, mediaUrl: row.mediaUrl, choices: row.choices, ...(row.template ? { template: row.template } : {}), ...(row.inReplyTo ? { inReplyTo: row.inReplyTo } : {}), createdAt: row.createdAt };
      // claimed by a process that died: it may have died after the provider took the message
      // (a provider that cannot be asked, or does not answer: sent again, at least once beats never)
      const already = askProviderFirst ? await channel.findSent?.(message, row.createdAt).catch(() => null) : null;
      if (already) {
        await outbox.markSent(row.id, already.status, already.providerId, deps.now());
        publishStatus(row, already.status);
        return true;
      }
      // the sender's messages-per-second cap holds across processes: the adapter waits for a reserved slot
      const pacer = deps.pacer;
      const result = await channel.send(message, pacer ? (sender) => pacer.wait(sender.key, sender.perSecond) : undefined);
      await outbox.markSent(row.id, result.status, result.providerId, deps.now());
      publishStatus(row, result.status);
      return true;
    } catch (err) {
      await handleFailure(row, err, contact);
      return false;
    }
  }

  /**
   * A contact reads messages in the order they were sent: while an earlier one to the same contact
   * is being retried (a provider outage), this one waits behind it instead of overtaking it. Only
   * asked for a contact with a recent failure (ContactRecord.outboxHeldUntil): no query otherwise.
   */
  async function earlierDue(row: OutboundMessageRecord, contact: ContactRecord): Promise<Date | null> {
    const now = deps.now().getTime();
    if (!contact.outboxHeldUntil || contact.outboxHeldUntil.getTime() <= now) return null;
    const earlier = await outbox.earlierRetrying(row, MAX_SEND_ATTEMPTS, new Date(now - 2 * 60_000));
    if (!earlier) return null;
    // one being sent right now is done in a moment; one waiting for a retry, when that retry is due
    const due = earlier.status === 'sending' ? now + 500 : earlier.updatedAt.getTime() + retryDelayMs(earlier.attempts) + 250;
    return new Date(Math.max(due, now + 250));
  }

  async function journalSuppressed(row: OutboundMessageRecord): Promise<void> {
    deps.log('message suppressed: the contact opted out', { messageId: row.id, channel: row.channel });
    if (row.conversationId) await deps.journal(row.conversationId, 'message.suppressed', { messageId: row.id, nodeId: row.nodeId, sentBy: row.sentBy, reason: 'opted_out', channel: row.channel });
  }

  async function handleFailure(row: OutboundMessageRecord, err: unknown, contact: ContactRecord): Promise<void> {
    const code = err instanceof TransientChannelError || err instanceof PermanentChannelError ? err.code : undefined;
    const attempts = Math.max(row.attempts, 1);
    if (err instanceof TransientChannelError && attempts < MAX_SEND_ATTEMPTS) {
      await outbox.setStatus(row.id, 'queued', code, deps.now());
      const until = new Date(deps.now().getTime() + HOLD_MS);
      await contacts.holdOutbox(row.contactId, until);
      contact.outboxHeldUntil = until; // the caller's later sends in this step see it too
      await deps.scheduler.scheduleOutboxRetry(row.id, new Date(deps.now().getTime() + retryDelayMs(attempts)));
      deps.log('send failed, will retry', { messageId: row.id, attempts, code });
      return;
    }
    await outbox.setStatus(row.id, 'failed', code ?? 'send_error', deps.now());
    deps.log('send failed for good', { messageId: row.id, code, error: err instanceof Error ? err.message : String(err) });
  }

  /** The retry job's path (and a re-run step finding its row queued): claim, then send. */
  async function attempt(row: OutboundMessageRecord, staleSendingBefore?: Date): Promise<void> {
    const contact = await contacts.get(row.contactId);
    if (!contact) return;
    // opted out on this channel (contacts are per channel): nothing but the answer to STOP/START/HELP goes out
    if (contact.optedOut && !row.consentNotice) {
      if (await outbox.setStatus(row.id, 'suppressed', 'opted_out', deps.now(), 'queued')) await journalSuppressed(row);
      return;
    }
    const due = await earlierDue(row, contact);
    if (due) return deps.scheduler.scheduleOutboxRetry(row.id, due);
    const claimed = await outbox.claim(row.id, deps.now(), staleSendingBefore);
    // one a dead process claimed may have reached the provider before it died
    if (claimed) await deliver(claimed, contact, staleSendingBefore !== undefined);
    return undefined;
  }

  function rowsFor(req: OutboundRequest, now: Date): OutboundMessageRecord[] {
    return outboundParts(req.channel, req.message).map((part, i) => ({
      id: newObjectId(now.getTime()),
      botId: req.botId,
      contactId: req.contactId,
      conversationId: req.conversationId ?? null,
      channel: req.channel,
      text: part.text,
      mediaUrl: part.mediaUrl,
      choices: part.choices,
      template: req.message.template,
      consentNotice: req.consentNotice || undefined,
      nodeId: req.nodeId,
      sentBy: req.sentBy,
      status: 'sending',
      attempts: 1,
      dedupeKey: `out:${i === 0 ? req.key : `${req.key}#${i + 1}`}`,
      inReplyTo: req.inReplyTo,
      createdAt: new Date(now.getTime() + i), // parts keep their order in the transcript
      updatedAt: now,
    }));
  }

  return {
    /**
     * Stores the message (once per key) and sends it now. An SMS longer than one body (1600
     * characters) is stored and sent as several messages, in order, each under its own key.
     */
    async send(req: OutboundRequest): Promise<string> {
      const contact = req.contact ?? (await contacts.get(req.contactId));
      const now = deps.now();
      const rows = rowsFor(req, now);
      const suppressed = contact?.optedOut === true && !req.consentNotice;
      const due = contact && !suppressed ? await earlierDue(rows[0]!, contact) : null;
      for (const row of rows) {
        if (suppressed || !contact) Object.assign(row, { status: suppressed ? 'suppressed' : 'queued', attempts: 0, ...(suppressed ? { errorCode: 'opted_out' } : {}) });
        else if (due) Object.assign(row, { status: 'queued', attempts: 0 });
      }
      const stored = await outbox.insertMany(rows);
      let failed = false;
      for (const { row, created } of stored) {
        if (created) publish(row);
        if (created && row.status === 'suppressed') await journalSuppressed(row);
        else if (created && row.status === 'queued' && due) await deps.scheduler.scheduleOutboxRetry(row.id, due);
        else if (created && row.status === 'sending' && contact) {
          if (failed) {
            // an earlier part failed: this one waits behind it rather than overtaking it
            await outbox.setStatus(row.id, 'queued', undefined, deps.now(), 'sending');
            await deps.scheduler.scheduleOutboxRetry(row.id, new Date(deps.now().getTime() + retryDelayMs(1) + 250));
            continue;
          }
          failed = !(await deliver(row, contact));
        } else if (!created && row.status === 'queued' && !row.providerId) await attempt(row);
        else if (!created && row.status === 'sending' && !row.providerId && row.updatedAt.getTime() < now.getTime() - STALE_SENDING_MS) {
          // a re-run step (recovery) finds its message claimed long ago and never handed over: the
          // process that claimed it died in between, so it is claimed again and sent from here
          await attempt(row, new Date(now.getTime() - STALE_SENDING_MS));
        }
      }
      return stored[0]!.row.id;
    },

    /** Called by the retry job. */
    async retry(messageId: string): Promise<void> {
      const row = await outbox.get(messageId);
      if (row?.status === 'queued' && !row.providerId) await attempt(row);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
