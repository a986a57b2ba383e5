// The contacts a runtime talks to. One contact per (bot, channel, address); its message counter
// orders its inbound messages and `processedSeq` says how far they have been handled.
import type { ChannelName } from '@botloom/shared';
export type { ChannelName };
export type Provider = 'twilio' | 'meta';

export interface ContactRecord {
  id: string;
  botId: string;
  channel: ChannelName;
  address: string;
  provider?: Provider | null;
  attributes: Record<string, unknown>;
  timezone?: string | null;
  optedOut: boolean;
  lastInboundAt?: Date | null;
  activeConversationId?: string | null;
  /** The number of the contact's latest inbound message. */
  messageSeq: number;
  /** Every inbound message numbered up to this one has been handled. */
  processedSeq: number;
  /** Until then, a send to the contact first checks for an earlier one being retried (an outage). */
  outboxHeldUntil?: Date | null;
  /** Added by staff (by hand, an import, a booking) rather than only by writing in. */
  registered?: boolean;
}

export interface InboundArrival {
  botId: string;
  channel: ChannelName;
  address: string;
  provider?: Provider;
  profile?: Record<string, unknown>;
  timezone?: string;
  /** Set on every arrival (not only the first). */
  attributes?: Record<string, unknown>;
  at: Date;
}

export interface ContactStore {
  /** Finds or creates the contact and takes its next message number, in one atomic write. */
  arrive(input: InboundArrival): Promise<ContactRecord>;
  get(id: string): Promise<ContactRecord | null>;
  /**
   * The contact with this address on this channel, created (with no message yet) when there is none:
   * the bot is about to write first. Concurrent callers get one contact.
   */
  findOrCreate(input: { botId: string; channel: ChannelName; address: string; at: Date }): Promise<{ contact: ContactRecord; created: boolean }>;
  /**
   * Records that inbound messages up to `seq` are handled and which conversation is the contact's
   * active one now (null: none). Never moves processedSeq back.
   */
  finishInbound(id: string, seq: number, activeConversationId: string | null): Promise<void>;
  /** Points the contact at a conversation (or none) outside an inbound message. */
  setActiveConversation(id: string, conversationId: string | null, onlyIf?: string): Promise<void>;
  /** Answers whether it changed (only the first STOP, the first START count). */
  setOptedOut(id: string, optedOut: boolean, at: Date): Promise<boolean>;
  setAttributes(id: string, attributes: Record<string, unknown>): Promise<void>;
  holdOutbox(id: string, until: Date): Promise<void>;
  /**
   * Records that an unregistered contact was told the bot answers registered numbers only;
   * answers true only the first time (the refusal is sent once).
   */
  markRefused(id: string, at: Date): Promise<boolean>;
  /** Contacts with inbound messages not handled and older than `before` (a process died). */
  withUnprocessedInbound(before: Date, limit: number): Promise<string[]>;
}
