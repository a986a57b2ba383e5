// Inbound messages (the inbox) and outbound ones (the outbox) share one collection: a contact's
// transcript is one query. Both are unique by a key: a provider's id inbound, the step's key outbound.
import type { ChannelName } from './contact-store';
import type { ChannelTemplate } from './channel';

export interface InboundMessageRecord {
  id: string;
  botId: string;
  contactId: string;
  conversationId?: string | null;
  channel: ChannelName;
  text: string;
  mediaUrl?: string;
  providerId?: string;
  dedupeKey: string;
  seq: number;
  flowSource?: 'draft' | 'published';
  createdAt: Date;
}

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered' | 'suppressed';

export interface OutboundMessageRecord {
  id: string;
  botId: string;
  contactId: string;
  conversationId?: string | null;
  channel: ChannelName;
  text: string;
  mediaUrl?: string;
  choices?: string[];
  template?: ChannelTemplate;
  consentNotice?: boolean;
  nodeId?: string;
  sentBy: 'bot' | 'agent';
  status: OutboundStatus;
  errorCode?: string;
  providerId?: string | null;
  attempts: number;
  dedupeKey: string;
  inReplyTo?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface InboxStore {
  /** Stores the message; null when its key is taken (a provider's retry). */
  insert(message: InboundMessageRecord): Promise<InboundMessageRecord | null>;
  findByKey(dedupeKey: string): Promise<InboundMessageRecord | null>;
  get(id: string): Promise<InboundMessageRecord | null>;
  /** The contact's messages numbered above `afterSeq`, oldest first. */
  after(contactId: string, afterSeq: number, limit: number): Promise<InboundMessageRecord[]>;
  setConversation(id: string, conversationId: string | null): Promise<void>;
}

export interface OutboxStore {
  /** Stores the rows in one write; a row whose key is taken is answered by the stored one instead. */
  insertMany(rows: OutboundMessageRecord[]): Promise<Array<{ row: OutboundMessageRecord; created: boolean }>>;
  get(id: string): Promise<OutboundMessageRecord | null>;
  /**
   * queued (never sent) -> sending, one more attempt; null when another worker has it or it is final.
   * With `staleSendingBefore`, also a row left `sending` (no provider id) since before then: the
   * worker that claimed it died before the provider answered. Exactly one caller wins either way.
   */
  claim(id: string, at: Date, staleSendingBefore?: Date): Promise<OutboundMessageRecord | null>;
  /** The provider took it: only from `sending`. */
  markSent(id: string, status: OutboundStatus, providerId: string | undefined, at: Date): Promise<void>;
  setStatus(id: string, status: OutboundStatus, errorCode: string | undefined, at: Date, onlyFrom?: OutboundStatus): Promise<boolean>;
  /** An earlier message to the contact still being tried (queued for a retry, or being sent lately). */
  earlierRetrying(row: OutboundMessageRecord, maxAttempts: number, sendingSince: Date): Promise<OutboundMessageRecord | null>;
}
