import mongoose from 'mongoose';
import { afterAll, beforeAll } from 'vitest';
import { TriggerLogModel, TriggerModel } from '../../server/src/adapters/mongo/models';
import { createMongoTriggerStore } from '../../server/src/adapters/mongo/stores/mongo-trigger-store';
import { freshDatabaseUri } from '../support/db';
import { triggerStoreContract } from './trigger-store.contract';

beforeAll(async () => {
  await mongoose.connect(freshDatabaseUri('triggerstore'));
  await Promise.all([TriggerModel.init(), TriggerLogModel.init()]);
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

triggerStoreContract('mongo', () => createMongoTriggerStore());
