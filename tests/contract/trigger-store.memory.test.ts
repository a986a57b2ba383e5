import { createMemoryTriggerStore } from '../../server/src/adapters/memory/memory-trigger-store';
import { triggerStoreContract } from './trigger-store.contract';

triggerStoreContract('memory', () => createMemoryTriggerStore());
