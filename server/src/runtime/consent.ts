// Consent comes before the bot: STOP (and its plain-language forms) opts the contact out on this
// channel with one confirmation, START/UNSTOP (or YES, once opted out) opts back in, HELP answers
// with the bot's help text. None of these enter the flow; neither does anything else an opted-out
// contact writes. Every decision is journaled in the contact's conversation and the audit log.
import { classifyConsent, type ConsentIntent } from '../domain/consent/classify-consent';
import type { ContactRecord } from '../ports/contact-store';
import type { InboundMessageRecord } from '../ports/message-store';
import type { Stores } from '../ports/stores';
import type { Outbox } from './outbox';

export const OPT_OUT_CONFIRMATION = "You're unsubscribed and will get no more messages from us here. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION = "You're subscribed again. Reply STOP to unsubscribe or HELP for help.";
export const DEFAULT_HELP_TEXT = 'Reply STOP to stop receiving messages.';

export interface ConsentDeps {
  stores: Pick<Stores, 'contacts' | 'audit' | 'catalog'>;
  outbox: Outbox;
  /** Journals outside a step in the contact's active conversation. */
  journal(conversationId: string, type: string, data: Record<string, unknown>): Promise<void>;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
}

/** handled: the message was about consent (or the contact has opted out) and the flow must not run. */
export interface ConsentVerdict {
  handled: boolean;
  intent: ConsentIntent | null;
}

export function createConsentGate(deps: ConsentDeps) {
  async function journal(contact: ContactRecord, type: string, data: Record<string, unknown>): Promise<void> {
    if (contact.activeConversationId) await deps.journal(contact.activeConversationId, type, data).catch(() => undefined);
  }

  async function audit(contact: ContactRecord, action: string, details: Record<string, unknown>): Promise<void> {
    await deps.stores.audit.record({ action, targetType: 'contact', targetId: contact.id, details: { botId: contact.botId, channel: contact.channel, ...details }, at: deps.now() });
  }

  /** Answers the contact; the key (the message it answers) makes a re-processed message answer once. */
  async function reply(contact: ContactRecord, message: InboundMessageRecord, kind: string, text: string): Promise<void> {
    await deps.outbox.send({
      key: `consent:${message.id}:${kind}`,
      botId: contact.botId,
      contactId: contact.id,
      conversationId: contact.activeConversationId ?? undefined,
      channel: contact.channel,
      message: { text },
      sentBy: 'bot',
      inReplyTo: message.id,
      consentNotice: true,
      contact,
    });
  }

  return {
    /** Runs before the engine sees an inbound message, in the contact's turn. May change `contact`. */
    async screen(contact: ContactRecord, message: InboundMessageRecord): Promise<ConsentVerdict> {
      const optedOut = contact.optedOut;
      const intent = classifyConsent(message.text, { optedOut });
      const about = { messageId: message.id, text: message.text.slice(0, 200) };
      if (intent?.kind === 'opt_out') {
        // only the first STOP changes anything and is confirmed: a second one gets no answer
        const first = await deps.stores.contacts.setOptedOut(contact.id, true, deps.now());
        contact.optedOut = true;
        await journal(contact, 'consent.opted_out', { ...about, via: intent.via, matched: intent.matched, confirmed: first });
        if (first) {
          await audit(contact, 'contact.opted_out', { ...about, via: intent.via });
          await reply(contact, message, 'opt_out', OPT_OUT_CONFIRMATION);
        }
        return { handled: true, intent };
      }
      if (intent?.kind === 'opt_in') {
        if (!optedOut) return { handled: false, intent: null }; // START from a subscribed contact is an ordinary message
        const changed = await deps.stores.contacts.setOptedOut(contact.id, false, deps.now());
        contact.optedOut = false;
        await journal(contact, 'consent.opted_in', { ...about, matched: intent.matched });
        if (changed) {
          await audit(contact, 'contact.opted_in', about);
          await reply(contact, message, 'opt_in', OPT_IN_CONFIRMATION);
        }
        return { handled: true, intent };
      }
      if (intent?.kind === 'help') {
        const bot = await deps.stores.catalog.bot(contact.botId);
        await journal(contact, 'consent.help', about);
        await reply(contact, message, 'help', bot?.helpText?.trim() || DEFAULT_HELP_TEXT);
        return { handled: true, intent };
      }
      if (optedOut) {
        // the bot may not write to them: the flow does not run, and the inbox shows why
        await journal(contact, 'consent.ignored', { ...about, reason: 'the contact has opted out on this channel; START opts back in' });
        deps.log('message from an opted-out contact: the flow does not run', { contactId: contact.id, channel: contact.channel });
        return { handled: true, intent: null };
      }
      return { handled: false, intent: null };
    },
  };
}

export type ConsentGate = ReturnType<typeof createConsentGate>;
