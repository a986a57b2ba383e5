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
  // every effect is kept until carried out (markEffectsApplied): a process that dies in between
  // leaves them here for recovery, so a saved step is never half-applied. An awaited effect the new
  // state still waits for stays pending through a step that changed nothing (an ignored event).
  const stillAwaited = record.pendingEffects.filter((e) => isAwaitedEffect(e) && state.wait?.for === 'effect' && e.token === state.wait.token);
  const pendingEffects = [...stillAwaited, ...result.effects];
  const entries = [
    { type: `event.${event.type}`, data: journalEvent(event) },
    ...result.trace.map((t) => ({ type: t.type, nodeId: 'nodeId' in t ? (t.nodeId ?? undefined) : undefined, data: { ...t } })),
    ...result.effects.map((e) => ({ type: `effect.${e.type}`, nodeId: 'nodeId' in e ? e.nodeId : undefined, data: journalEffect(e) })),
  ];
  const ended = state.status === 'completed' || state.status === 'failed';
  const updated = await ConversationModel.findOneAndUpdate(
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
    { returnDocument: 'after', projection: { journalSeq: 1 } },
  ).lean<{ journalSeq: number }>();
  if (!updated) throw new ConflictError('conversation changed while it was being processed', { conversationId: record.id });
  // the $inc reserved these journal numbers: entries written outside a step (takeover, an agent's
  // message) take theirs the same way, without a revision, so they may have moved on meanwhile
  const journalSeq = updated.journalSeq;
  await appendJournal({ ...record, journalSeq: journalSeq - entries.length }, entries, now);
  return { ...record, state, pendingEffects, rev: record.rev + 1, journalSeq };
}

/** Effects whose results come back as events (kept pending until then), as opposed to fire-and-forget ones. */
export function isAwaitedEffect(effect: Effect): effect is Extract<Effect, { type: 'http_request' | 'booking' }> {
  return effect.type === 'http_request' || effect.type === 'booking';
}

/** Records that the step's fire-and-forget effects (sends, timers, contact updates) were carried out. */
export async function markEffectsApplied(record: ConversationRecord): Promise<ConversationRecord> {
  if (record.pendingEffects.every(isAwaitedEffect)) return record;
  const pendingEffects = record.pendingEffects.filter(isAwaitedEffect);
  await ConversationModel.updateOne({ _id: record.id, rev: record.rev }, { $set: { pendingEffects } });
  return { ...record, pendingEffects };
}

async function appendJournal(record: ConversationRecord, entries: Array<{ type: string; nodeId?: string; data: Record<string, unknown> }>, now: Date): Promise<void> {
  if (entries.length === 0) return;
  await ConversationEventModel.insertMany(
    entries.map((e, i) => ({ conversationId: record.id, botId: record.botId, flowVersionId: record.flowVersionId, seq: record.journalSeq + i + 1, type: e.type, nodeId: e.nodeId, data: e.data, at: now })),
    { ordered: true },
  );
}

/** Journal entries written outside a step (takeover, an agent's message), each taking its own journal number. */
export async function appendOutsideStep(conversationId: string, type: string, data: Record<string, unknown>, now: Date): Promise<void> {
  const doc = await ConversationModel.findOneAndUpdate({ _id: conversationId }, { $inc: { journalSeq: 1 } }, { returnDocument: 'after', projection: { journalSeq: 1, botId: 1, flowVersionId: 1 } }).lean();
  if (!doc) throw new NotFoundError(`conversation ${conversationId} not found`);
  await ConversationEventModel.create({ conversationId, botId: doc.botId, flowVersionId: doc.flowVersionId, seq: doc.journalSeq, type, data, at: now });
}
