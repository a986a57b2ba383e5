// Consent comes before the bot: STOP (and its plain-language forms) opts the contact out on this
// channel with one confirmation, START/UNSTOP (or YES, once opted out) opts back in, HELP answers
// with the bot's help text. None of these enter the flow; neither does anything else an opted-out
// contact writes. Every decision is journaled in the contact's conversation and the audit log.
import type { Types } from 'mongoose';
import { AuditLogModel, BotModel, ContactModel } from '../../adapters/mongo/models';
import { classifyConsent, type ConsentIntent } from '../../domain/consent/classify-consent';
import { appendOutsideStep } from './conversation-store';
import type { Outbox } from './outbox';

export const OPT_OUT_CONFIRMATION = "You're unsubscribed and will get no more messages from us here. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION = "You're subscribed again. Reply STOP to unsubscribe or HELP for help.";
export const DEFAULT_HELP_TEXT = 'Reply STOP to stop receiving messages.';

export interface ConsentDeps {
  outbox: Outbox;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
}

export interface ConsentContact {
  _id: Types.ObjectId;
  botId: Types.ObjectId;
  channel: 'simulator' | 'sms' | 'whatsapp';
  optedOut?: boolean | null;
  activeConversationId?: Types.ObjectId | null;
}

export interface ConsentMessage {
  _id: Types.ObjectId;
  text: string;
}

/** handled: the message was about consent (or the contact has opted out) and the flow must not run. */
export interface ConsentVerdict {
  handled: boolean;
  intent: ConsentIntent | null;
}

export function createConsentGate(deps: ConsentDeps) {
  async function journal(contact: ConsentContact, type: string, data: Record<string, unknown>): Promise<void> {
    const conversationId = contact.activeConversationId?.toString();
    if (conversationId) await appendOutsideStep(conversationId, type, data, deps.now()).catch(() => undefined);
  }

  async function audit(contact: ConsentContact, action: string, details: Record<string, unknown>): Promise<void> {
    await AuditLogModel.create({
      action,
      targetType: 'contact',
      targetId: contact._id.toString(),
      details: { botId: contact.botId.toString(), channel: contact.channel, ...details },
      at: deps.now(),
    });
  }

  /** Answers the contact; the key (the message it answers) makes a re-processed message answer once. */
  async function reply(contact: ConsentContact, message: ConsentMessage, kind: string, text: string): Promise<void> {
    await deps.outbox.send({
      key: `consent:${message._id.toString()}:${kind}`,
      botId: contact.botId.toString(),
      contactId: contact._id.toString(),
      conversationId: contact.activeConversationId?.toString(),
      channel: contact.channel,
      message: { text },
      sentBy: 'bot',
      inReplyTo: message._id.toString(),
      consentNotice: true,
    });
  }

  return {
    /** Runs before the engine sees an inbound message. Caller holds the contact's lease. */
    async screen(contact: ConsentContact, message: ConsentMessage): Promise<ConsentVerdict> {
      const optedOut = contact.optedOut === true;
      const intent = classifyConsent(message.text, { optedOut });
      const about = { messageId: message._id.toString(), text: message.text.slice(0, 200) };
      if (intent?.kind === 'opt_out') {
        // only the first STOP changes anything and is confirmed: a second one gets no answer
        const changed = await ContactModel.updateOne(
          { _id: contact._id, optedOut: { $ne: true } },
          { $set: { optedOut: true, consentChangedAt: deps.now() } },
        );
        contact.optedOut = true;
        const first = changed.modifiedCount === 1;
        await journal(contact, 'consent.opted_out', { ...about, via: intent.via, matched: intent.matched, confirmed: first });
        if (first) {
          await audit(contact, 'contact.opted_out', { ...about, via: intent.via });
          await reply(contact, message, 'opt_out', OPT_OUT_CONFIRMATION);
        }
        return { handled: true, intent };
      }
      if (intent?.kind === 'opt_in') {
        if (!optedOut) return { handled: false, intent: null }; // START from a subscribed contact is an ordinary message
        const changed = await ContactModel.updateOne(
          { _id: contact._id, optedOut: true },
          { $set: { optedOut: false, consentChangedAt: deps.now() } },
        );
        contact.optedOut = false;
        await journal(contact, 'consent.opted_in', { ...about, matched: intent.matched });
        if (changed.modifiedCount === 1) {
          await audit(contact, 'contact.opted_in', about);
          await reply(contact, message, 'opt_in', OPT_IN_CONFIRMATION);
        }
        return { handled: true, intent };
      }
      if (intent?.kind === 'help') {
        const bot = await BotModel.findById(contact.botId, { helpText: 1 }).lean();
        await journal(contact, 'consent.help', about);
        await reply(contact, message, 'help', bot?.helpText?.trim() || DEFAULT_HELP_TEXT);
        return { handled: true, intent };
      }
      if (optedOut) {
        // the bot may not write to them: the flow does not run, and the inbox shows why
        await journal(contact, 'consent.ignored', { ...about, reason: 'the contact has opted out on this channel; START opts back in' });
        deps.log('message from an opted-out contact: the flow does not run', {
          contactId: contact._id.toString(),
          channel: contact.channel,
        });
        return { handled: true, intent: null };
      }
      return { handled: false, intent: null };
    },
  };
}

export type ConsentGate = ReturnType<typeof createConsentGate>;
