// Loads and saves conversations. Every save is conditional on the revision that was read
// (optimistic concurrency) and appends the step to the journal.
import type { ConversationState, Effect, EngineEvent, StepResult } from '../../engine/types';
import { ConversationEventModel, ConversationModel } from '../../adapters/mongo/models';
import { ConflictError, NotFoundError } from '../../ports/errors';

export interface ConversationRecord {
  id: string;
  botId: string;
  contactId: string;
  flowId: string;
  flowVersionId: string;
  channel: 'simulator' | 'sms' | 'whatsapp';
  source: 'draft' | 'published';
  state: ConversationState;
  pendingEffects: Effect[];
  rev: number;
  journalSeq: number;
}

type ConversationDoc = {
  _id: { toString(): string };
  botId: { toString(): string };
  contactId: { toString(): string };
  flowId: { toString(): string };
  flowVersionId: { toString(): string };
  channel: ConversationRecord['channel'];
  source: ConversationRecord['source'];
  status: ConversationState['status'];
  nodeId: string | null;
  vars: Record<string, unknown>;
  wait: ConversationState['wait'];
  lastMessage: ConversationState['lastMessage'];
  endReason?: string;
  pendingEffects: Effect[];
  rev: number;
  journalSeq: number;
};

export function toRecord(doc: ConversationDoc): ConversationRecord {
  return {
    id: doc._id.toString(),
    botId: doc.botId.toString(),
    contactId: doc.contactId.toString(),
    flowId: doc.flowId.toString(),
    flowVersionId: doc.flowVersionId.toString(),
    channel: doc.channel,
    source: doc.source,
    state: { status: doc.status, nodeId: doc.nodeId, vars: doc.vars ?? {}, wait: doc.wait ?? null, lastMessage: doc.lastMessage ?? null, endReason: doc.endReason },
    pendingEffects: doc.pendingEffects ?? [],
    rev: doc.rev,
    journalSeq: doc.journalSeq ?? 0,
  };
}

export async function loadConversation(id: string): Promise<ConversationRecord> {
  const doc = await ConversationModel.findById(id).lean<ConversationDoc>();
  if (!doc) throw new NotFoundError(`conversation ${id} not found`);
  return toRecord(doc);
}

/** Effects never journal header values or bodies of webhooks: they may carry secrets. */
function journalEffect(effect: Effect): Record<string, unknown> {
  if (effect.type === 'http_request') return { type: effect.type, nodeId: effect.nodeId, token: effect.token, method: effect.request.method, url: effect.request.url };
  return { ...effect };
}

function journalEvent(event: EngineEvent): Record<string, unknown> {
  if (event.type === 'effect_result') return { type: event.type, token: event.token, ok: event.result.ok, error: event.result.error };
  return { ...event };
}

export async function saveStep(record: ConversationRecord, event: EngineEvent, result: StepResult, now: Date): Promise<ConversationRecord> {
  const state = result.state;
  const pendingEffects = result.effects.filter((e) => e.type === 'http_request' || e.type === 'booking');
  const entries = [
    { type: `event.${event.type}`, data: journalEvent(event) },
    ...result.trace.map((t) => ({ type: t.type, nodeId: 'nodeId' in t ? (t.nodeId ?? undefined) : undefined, data: { ...t } })),
    ...result.effects.map((e) => ({ type: `effect.${e.type}`, nodeId: 'nodeId' in e ? e.nodeId : undefined, data: journalEffect(e) })),
  ];
  const ended = state.status === 'completed' || state.status === 'failed';
  const updated = await ConversationModel.updateOne(
    { _id: record.id, rev: record.rev },
    {
      $set: {
        status: state.status,
        nodeId: state.nodeId,
        vars: state.vars,
        wait: state.wait,
        lastMessage: state.lastMessage,
        pendingEffects,
        ...(state.endReason ? { endReason: state.endReason } : {}),
        ...(ended ? { endedAt: now } : {}),
      },
      ...(state.endReason ? {} : { $unset: { endReason: 1 } }),
      $inc: { rev: 1, journalSeq: entries.length },
    },
  );
  if (updated.modifiedCount !== 1) throw new ConflictError('conversation changed while it was being processed', { conversationId: record.id });
  await appendJournal(record, entries, now);
  return { ...record, state, pendingEffects, rev: record.rev + 1, journalSeq: record.journalSeq + entries.length };
}

async function appendJournal(record: ConversationRecord, entries: Array<{ type: string; nodeId?: string; data: Record<string, unknown> }>, now: Date): Promise<void> {
  if (entries.length === 0) return;
  await ConversationEventModel.insertMany(
    entries.map((e, i) => ({ conversationId: record.id, botId: record.botId, seq: record.journalSeq + i + 1, type: e.type, nodeId: e.nodeId, data: e.data, at: now })),
    { ordered: true },
  );
}

/** Journal entries written outside a step (takeover, an agent's message), with their own revision bump. */
export async function appendOutsideStep(conversationId: string, type: string, data: Record<string, unknown>, now: Date): Promise<void> {
  const doc = await ConversationModel.findOneAndUpdate({ _id: conversationId }, { $inc: { journalSeq: 1 } }, { returnDocument: 'after', projection: { journalSeq: 1, botId: 1 } }).lean();
  if (!doc) throw new NotFoundError(`conversation ${conversationId} not found`);
  await ConversationEventModel.create({ conversationId, botId: doc.botId, seq: doc.journalSeq, type, data, at: now });
}
