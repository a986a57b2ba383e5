// The store contracts against MongoDB (the local engine, a fresh database for this file).
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe } from 'vitest';
import * as models from '../../server/src/adapters/mongo/models';
import { createBotCache } from '../../server/src/adapters/mongo/mongo-catalog';
import { createMongoStores } from '../../server/src/adapters/mongo/mongo-stores';
import { freshDatabaseUri } from '../support/db';
import { contactStoreContract } from './contact-store.contract';
import { conversationStoreContract } from './conversation-store.contract';
import { messageStoreContract } from './message-store.contract';
import { paceStoreContract } from './pace-store.contract';

beforeAll(async () => {
  await mongoose.connect(freshDatabaseUri('contract'), { serverSelectionTimeoutMS: 15_000 });
  // the unique indexes (message keys, start keys, contacts) are part of the contract
  await Promise.all(Object.values(models).filter((m): m is typeof models.BotModel => typeof m === 'function' && 'init' in m).map((m) => m.init()));
}, 120_000);
afterAll(() => mongoose.disconnect());

const stores = () => createMongoStores({ bots: createBotCache(), resolveDraft: async () => null });

describe('MongoDB: contacts', () => contactStoreContract(() => stores().contacts));
describe('MongoDB: conversations and journal', () => conversationStoreContract(() => stores()));
describe('MongoDB: inbox and outbox', () => messageStoreContract(() => stores()));
describe('MongoDB: sender pacing', () => paceStoreContract(() => stores().pace));
