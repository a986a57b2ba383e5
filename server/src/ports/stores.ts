// Every store the runtime needs, wired once (compose.ts: MongoDB; tests: the in-memory twins).
import type { Catalog, AuditStore } from './catalog';
import type { ContactStore } from './contact-store';
import type { ConversationStore, JournalStore } from './conversation-store';
import type { InboxStore, OutboxStore } from './message-store';
import type { PaceStore } from './pace-store';
import type { TriggerStore } from './trigger-store';

export interface Stores {
  contacts: ContactStore;
  conversations: ConversationStore;
  journal: JournalStore;
  inbox: InboxStore;
  outbox: OutboxStore;
  pace: PaceStore;
  catalog: Catalog;
  audit: AuditStore;
  triggers: TriggerStore;
}
