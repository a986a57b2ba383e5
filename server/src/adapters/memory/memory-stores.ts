// Every store port in memory, wired like adapters/mongo/mongo-stores.ts. Bots and flow versions are
// given by the caller (the catalog validates versions the way the MongoDB catalog does).
import { validateFlowSetForPublish, type FlowDocument, type FlowSetMember, type RunnableFlow } from '@botloom/shared';
import type { AuditStore, BotSettings, Catalog } from '../../ports/catalog';
import { InvariantError } from '../../ports/errors';
import type { PaceStore } from '../../ports/pace-store';
import type { Stores } from '../../ports/stores';
import { createMemoryContactStore } from './memory-contact-store';
import { createMemoryConversationStore, createMemoryJournalStore } from './memory-conversation-store';
import { createMemoryMessageStores } from './memory-message-stores';
import { createMemoryTriggerStore } from './memory-trigger-store';

export function createMemoryPaceStore(): PaceStore {
  const nextAt = new Map<string, number>();
  return {
    async claimIdle(sender, now, intervalMs) {
      const next = nextAt.get(sender);
      if (next !== undefined && next > now) return null;
      nextAt.set(sender, now + intervalMs);
      return now;
    },
    async takeNext(sender, intervalMs, count) {
      const before = nextAt.get(sender) ?? Date.now();
      nextAt.set(sender, before + intervalMs * count);
      return before;
    },
  };
}

export interface MemoryCatalog extends Catalog {
  addBot(bot: BotSettings): void;
  /**
   * Stores a version (validated and linked like a published one: one flow, or every flow of the
   * bot with exactly one main) and makes it the bot's published one, or its draft one with `draft`.
   */
  addVersion(botId: string, versionId: string, flow: FlowDocument | FlowSetMember[], opts?: { flowId?: string; draft?: boolean }): void;
}

export function createMemoryCatalog(): MemoryCatalog {
  const bots = new Map<string, BotSettings>();
  const versions = new Map<string, RunnableFlow>();
  const current = new Map<string, { flowId: string; versionId: string }>();
  return {
    addBot: (bot) => bots.set(bot.id, bot),
    addVersion(botId, versionId, flow, opts = {}) {
      const mainId = Array.isArray(flow) ? flow.find((f) => f.main)?.id : undefined;
      const flowId = opts.flowId ?? mainId ?? `flow-of-${botId}`;
      const members = Array.isArray(flow) ? flow : [{ id: flowId, name: 'Main', main: true, ...flow }];
      const checked = validateFlowSetForPublish(members);
      if (!checked.flow) throw new InvariantError('flow version does not validate', { versionId, errors: checked.errors });
      versions.set(versionId, checked.flow);
      current.set(`${botId}:${opts.draft ? 'draft' : 'published'}`, { flowId, versionId });
    },
    async bot(botId) {
      return bots.get(botId) ?? null;
    },
    async flowVersion(versionId) {
      const flow = versions.get(versionId);
      if (!flow) throw new InvariantError('flow version missing', { versionId });
      return flow;
    },
    async resolveVersion(botId, source) {
      return current.get(`${botId}:${source}`) ?? null;
    },
  };
}

export function createMemoryStores(): Stores & { contacts: ReturnType<typeof createMemoryContactStore>; catalog: MemoryCatalog; audit: AuditStore & { entries: unknown[] } } {
  const messages = createMemoryMessageStores();
  const entries: unknown[] = [];
  return {
    contacts: createMemoryContactStore(),
    conversations: createMemoryConversationStore(),
    journal: createMemoryJournalStore(),
    inbox: messages.inbox,
    outbox: messages.outbox,
    pace: createMemoryPaceStore(),
    catalog: createMemoryCatalog(),
    triggers: createMemoryTriggerStore(),
    audit: {
      entries,
      async record(entry) {
        entries.push(structuredClone(entry));
      },
    },
  };
}
