// Conversations: one document per conversation, written only by the runtime, every write
// conditional on the revision it read (optimistic concurrency, no transactions needed). A step's
// journal entries ride in the same write (`journalTail`) and are copied to the journal later in
// batches, so a saved step is never without its journal, even after a crash.
import type { ConversationState, Effect } from '../engine/types';
import type { ChannelName } from './contact-store';

export interface JournalEntry {
  conversationId: string;
  botId: string;
  flowVersionId: string;
  seq: number;
  type: string;
  nodeId?: string;
  data: Record<string, unknown>;
  at: Date;
}

/** How a conversation began: the contact wrote, or the bot wrote first (the API, a trigger, a campaign). */
export interface ConversationOrigin {
  kind: 'contact' | 'api' | 'trigger' | 'campaign';
  /** Who or what started it, in words: a user's e-mail, a trigger's or a campaign's name. */
  by?: string;
  /** The trigger's or campaign's id. */
  refId?: string;
  /** The triggers that led to it, oldest first: an event of this conversation never fires one of them again (no loops). */
  triggerChain?: string[];
}

export interface ConversationRecord {
  id: string;
  botId: string;
  contactId: string;
  flowId: string;
  flowVersionId: string;
  channel: ChannelName;
  source: 'draft' | 'published';
  state: ConversationState;
  /** Effects saved with a step and not yet carried out (a crash leaves them for recovery). */
  pendingEffects: Effect[];
  /** The revision of the step that produced pendingEffects: their outbox keys derive from it. */
  effectsRev: number;
  rev: number;
  journalSeq: number;
  /** The number of the last inbound message this conversation has taken in. */
  inboxSeq: number;
  /** The numbers of the last inbound messages it took in (a message late from another process is
   * still taken in, out of order, rather than mistaken for one already applied). */
  recentInbound?: number[];
  agentId?: string | null;
  /** Set when it is created, never changed (absent: the contact wrote). */
  origin?: ConversationOrigin;
  updatedAt?: Date;
}

/** What a conditional write changes; rev moves on by one. */
export interface ConversationChange {
  state?: ConversationState;
  pendingEffects?: Effect[];
  effectsRev?: number;
  inboxSeq?: number;
  agentId?: string | null;
  endedAt?: Date;
  /** This write's journal entries, numbered from record.journalSeq + 1 (renumbered if an entry written
   * outside a step took numbers meanwhile: the answer's journalSeq is the truth). */
  journal: JournalEntry[];
  /** Earlier entries not yet confirmed in the journal: kept in the tail, not numbered again. */
  carriedJournal?: JournalEntry[];
}

export interface ConversationStore {
  /**
   * Creates the conversation; null when `startKey` is taken (another worker started it for that
   * message) or when the contact already has a live (not ended) conversation: a contact never has two.
   */
  create(record: ConversationRecord, startKey: string, journal: JournalEntry[], at: Date): Promise<ConversationRecord | null>;
  get(id: string): Promise<ConversationRecord | null>;
  findByStartKey(startKey: string): Promise<ConversationRecord | null>;
  /** The contact's live (not ended) conversation, found by query rather than by the contact's pointer. */
  findLive(contactId: string): Promise<ConversationRecord | null>;
  /** The contact's most recently started conversation, live or ended. */
  latestOf(contactId: string): Promise<ConversationRecord | null>;
  /** Applies the change if the revision is still `record.rev`; answers the new record, or null (someone else wrote). */
  update(record: ConversationRecord, change: ConversationChange, at: Date): Promise<ConversationRecord | null>;
  /** Takes the next journal number for an entry written outside a step (no revision change). */
  reserveJournalSeq(id: string): Promise<{ seq: number; botId: string; flowVersionId: string } | null>;
  /** Journal entries saved with the latest write, possibly not yet copied to the journal. */
  journalTail(id: string): Promise<JournalEntry[]>;
  /** Conversations a dead process left with effects to carry out, or waiting on an effect, untouched since `before`. */
  stalled(before: Date, limit: number): Promise<Array<{ id: string; contactId: string }>>;
}

export interface JournalStore {
  /** Appends entries (a batch from many conversations); entries already there are skipped. */
  append(entries: JournalEntry[]): Promise<void>;
  list(conversationId: string, limit: number): Promise<JournalEntry[]>;
}
