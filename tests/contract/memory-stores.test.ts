// The store contracts against the in-memory twins.
import { describe } from 'vitest';
import { createMemoryStores } from '../../server/src/adapters/memory/memory-stores';
import { contactStoreContract } from './contact-store.contract';
import { conversationStoreContract } from './conversation-store.contract';
import { messageStoreContract } from './message-store.contract';
import { paceStoreContract } from './pace-store.contract';

describe('in memory: contacts', () => contactStoreContract(() => createMemoryStores().contacts));
describe('in memory: conversations and journal', () => conversationStoreContract(() => createMemoryStores()));
describe('in memory: inbox and outbox', () => messageStoreContract(() => createMemoryStores()));
describe('in memory: sender pacing', () => paceStoreContract(() => createMemoryStores().pace));
