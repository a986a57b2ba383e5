// Bots and flow versions for the runtime, cached. Flow versions are immutable: cached by id for
// good (bounded). Bots and "which version is published" change: writes through the models in this
// process clear the entry at once (models/change-signal.ts); another process's write is seen after
// at most CHANGE_TTL_MS. The simulator's draft version is cached the same way (saving a draft writes the flow).
import { validateFlowSetForPublish, type RunnableFlow } from '@botloom/shared';
import { Types } from 'mongoose';
import type { BotSettings, Catalog } from '../../ports/catalog';
import { InvariantError } from '../../ports/errors';
import { BoundedCache } from '../../util/bounded-cache';
import { BotModel, FlowModel, FlowVersionModel } from './models';
import { onModelChange } from './models/change-signal';
import { versionFlows } from './version-flows';

export const CHANGE_TTL_MS = 5_000;

type BotDoc = NonNullable<Awaited<ReturnType<typeof loadBotDoc>>>;

function loadBotDoc(botId: string) {
  return BotModel.findById(botId).lean();
}

/** The full bot document (credentials sealed) for channel adapters, and its runtime view. */
export interface BotCache {
  doc(botId: string): Promise<BotDoc | null>;
  forget(botId: string): void;
}

export function createBotCache(): BotCache {
  const cache = new BoundedCache<string, BotDoc | null>(2_000, CHANGE_TTL_MS);
  onModelChange((collection, id) => {
    if (collection !== 'bots') return;
    if (id) cache.delete(id);
    else cache.clear();
  });
  return {
    async doc(botId) {
      if (!Types.ObjectId.isValid(botId)) return null;
      const hit = cache.get(botId);
      if (hit !== undefined) return hit;
      const doc = await loadBotDoc(botId);
      cache.set(botId, doc);
      return doc;
    },
    forget: (botId) => cache.delete(botId),
  };
}

export function createMongoCatalog(deps: { bots: BotCache; resolveDraft(botId: string): Promise<{ flowId: string; versionId: string } | null> }): Catalog {
  const versions = new BoundedCache<string, RunnableFlow>(500);
  const published = new BoundedCache<string, { flowId: string; versionId: string } | null>(2_000, CHANGE_TTL_MS);
  onModelChange((collection) => {
    if (collection === 'flows') published.clear(); // a flow write names the flow, not its bot: clear all (publishing is rare)
  });

  return {
    async bot(botId): Promise<BotSettings | null> {
      const doc = await deps.bots.doc(botId);
      if (!doc) return null;
      return {
        id: botId,
        timezone: doc.timezone,
        helpText: doc.helpText,
        twilioWhatsappFrom: doc.channels?.twilio?.whatsappFrom ?? null,
        whatsappConnected: Boolean(doc.channels?.whatsapp),
        registeredOnly: doc.registeredOnly === true,
        registeredOnlyText: doc.registeredOnlyText ?? null,
      };
    },

    async flowVersion(versionId) {
      const hit = versions.get(versionId);
      if (hit) return hit;
      const version = await FlowVersionModel.findById(versionId, { flowId: 1, name: 1, nodes: 1, edges: 1, flows: 1 }).lean();
      if (!version) throw new InvariantError('flow version missing', { versionId });
      // every flow of the version linked into one graph: jumps stay within the version
      const checked = validateFlowSetForPublish(versionFlows(version));
      if (!checked.flow) throw new InvariantError('stored flow version does not validate', { versionId, errors: checked.errors });
      versions.set(versionId, checked.flow);
      return checked.flow;
    },

    async resolveVersion(botId, source) {
      if (source === 'draft') {
        const hit = published.get(`draft:${botId}`);
        if (hit !== undefined) return hit;
        const answer = await deps.resolveDraft(botId);
        published.set(`draft:${botId}`, answer);
        return answer;
      }
      const hit = published.get(botId);
      if (hit !== undefined) return hit;
      const flow = await FlowModel.findOne({ botId, isMain: true }, { publishedVersionId: 1 }).lean();
      const answer = flow?.publishedVersionId ? { flowId: flow._id.toString(), versionId: flow.publishedVersionId.toString() } : null;
      published.set(botId, answer);
      return answer;
    },
  };
}
