// The MongoDB implementations of every store port, wired together (the in-memory twins are in
// adapters/memory). They use the driver directly: no mongoose documents on the message path.
import type { Stores } from '../../ports/stores';
import { AuditLogModel } from './models';
import { createMongoCatalog, type BotCache } from './mongo-catalog';
import { createMongoContactStore } from './stores/mongo-contact-store';
import { createMongoConversationStore, createMongoJournalStore } from './stores/mongo-conversation-store';
import { createMessageWrites } from './stores/message-writes';
import { createMongoInboxStore, createMongoOutboxStore } from './stores/mongo-message-stores';
import { createMongoPaceStore } from './stores/mongo-pace-store';
import { createMongoTriggerStore } from './stores/mongo-trigger-store';

export function createMongoStores(deps: { bots: BotCache; resolveDraft(botId: string): Promise<{ flowId: string; versionId: string } | null> }): Stores {
  // shared by the inbox and the outbox: one group commit for every row of `messages`
  const messageWrites = createMessageWrites();
  return {
    contacts: createMongoContactStore(),
    conversations: createMongoConversationStore(),
    journal: createMongoJournalStore(),
    inbox: createMongoInboxStore(messageWrites),
    outbox: createMongoOutboxStore(messageWrites),
    pace: createMongoPaceStore(),
    catalog: createMongoCatalog(deps),
    triggers: createMongoTriggerStore(),
    audit: {
      async record(entry) {
        await AuditLogModel.collection.insertOne({ ...entry });
      },
    },
  };
}
