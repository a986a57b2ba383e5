// A bot may answer registered numbers only (contacts staff added by hand, by import or by a
// booking). Anyone else who writes gets one polite refusal, sent once whatever they write next
// (the contact's refusedAt, set by a conditional write, and the outbox key both say so), and never
// a flow. Runs after the consent gate, so STOP and HELP still work for everyone. The simulator is
// the builder's own test channel: never refused.
import type { ContactRecord } from '../ports/contact-store';
import type { InboundMessageRecord } from '../ports/message-store';
import type { Stores } from '../ports/stores';
import type { Outbox } from './outbox';

export const DEFAULT_REGISTERED_ONLY_TEXT = "Sorry, we can only reply to numbers registered with us. Please get in touch with us to be added.";

export interface RegistrationGateDeps {
  stores: Pick<Stores, 'contacts' | 'catalog' | 'audit'>;
  outbox: Outbox;
  journal(conversationId: string, type: string, data: Record<string, unknown>): Promise<void>;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
}

export function createRegistrationGate(deps: RegistrationGateDeps) {
  return {
    /** True when the contact may not use the bot: the flow must not run. In the contact's turn. */
    async refuses(contact: ContactRecord, message: InboundMessageRecord): Promise<boolean> {
      if (contact.registered || contact.channel === 'simulator') return false;
      const bot = await deps.stores.catalog.bot(contact.botId);
      if (!bot?.registeredOnly) return false;
      const first = await deps.stores.contacts.markRefused(contact.id, deps.now());
      const about = { messageId: message.id, text: message.text.slice(0, 200), refusalSent: first };
      if (contact.activeConversationId) await deps.journal(contact.activeConversationId, 'registration.refused', about).catch(() => undefined);
      deps.log('message from an unregistered number on a bot that answers registered numbers only: no flow runs', { contactId: contact.id, refusalSent: first });
      if (!first) return true;
      await deps.stores.audit.record({ action: 'contact.refused_unregistered', targetType: 'contact', targetId: contact.id, details: { botId: contact.botId, channel: contact.channel, ...about }, at: deps.now() });
      await deps.outbox.send({
        key: `registered-only:${contact.id}`,
        botId: contact.botId,
        contactId: contact.id,
        conversationId: contact.activeConversationId ?? undefined,
        channel: contact.channel,
        message: { text: bot.registeredOnlyText?.trim() || DEFAULT_REGISTERED_ONLY_TEXT },
        sentBy: 'bot',
        inReplyTo: message.id,
        contact,
      });
      return true;
    },
  };
}
