// Drafts, versions and publishing. A draft may be unfinished; a version never is. Versions are
// immutable: conversations pin the one they started on and finish on it, jumps to other flows
// included, because a version holds every flow of the bot (see version-content.ts).
import { flowRefsOf, nameSoleExits, validateDraft, validateFlowSetForPublish, type FlowDocument, type FlowIssue, type FlowRef } from '@botloom/shared';
import type { Types } from 'mongoose';
import { FlowModel, FlowVersionModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ConflictError, FlowValidationError, NotFoundError } from '../../ports/errors';
import { parseObjectId } from './bot-service';
import { cleanFlow, draftFlowsOf, setHash, versionFlows, versionRecord, type SetMember } from './version-content';

export { cleanFlow, contentHash } from './version-content';

type FlowDoc = {
  _id: Types.ObjectId;
  name: string;
  isMain?: boolean | null;
  draft?: { nodes?: unknown[]; edges?: unknown[] } | null;
  rev: number;
  draftUpdatedAt?: Date | null;
};

export type DraftView = {
  flowId: string;
  name: string;
  main: boolean;
  nodes: unknown[];
  edges: unknown[];
  rev: number;
  updatedAt: Date | null;
  problems: FlowIssue[];
};

export async function mainFlow(botId: string) {
  const flow = await FlowModel.findOne({ botId, isMain: true });
  if (!flow) throw new NotFoundError(`bot ${botId} has no flow`);
  return flow;
}

/** One flow of the bot, by id: 404 when it is not this bot's. */
export async function flowOf(botId: string, flowId: string) {
  const flow = await FlowModel.findOne({ _id: parseObjectId(flowId, 'flow'), botId });
  if (!flow) throw new NotFoundError(`flow ${flowId} not found in this bot`);
  return flow;
}

/** Every flow of the bot as the checks across flows see it (each with the jumps it takes without waiting). */
export async function flowRefs(botId: string | Types.ObjectId): Promise<FlowRef[]> {
  const flows = await FlowModel.find({ botId }, { name: 1, isMain: 1, draft: 1, createdAt: 1 }).sort({ isMain: -1, createdAt: 1 }).lean();
  return flowRefsOf(flows.map((f) => ({ id: f._id.toString(), name: f.name, main: f.isMain === true, nodes: f.draft?.nodes ?? [], edges: f.draft?.edges ?? [] }) as never));
}

/** A flow's draft as the editor gets it; with the bot's flows, its problems include those across flows. */
export function draftView(flow: FlowDoc, refs?: FlowRef[]): DraftView {
  const doc = { nodes: flow.draft?.nodes ?? [], edges: flow.draft?.edges ?? [] };
  const flowId = flow._id.toString();
  return {
    flowId,
    name: flow.name,
    main: flow.isMain === true,
    nodes: doc.nodes,
    edges: doc.edges,
    rev: flow.rev,
    updatedAt: flow.draftUpdatedAt ?? null,
    problems: validateDraft(doc, refs ? { flowId, flows: refs } : undefined).problems,
  };
}

export async function getDraft(botId: string, flowId: string): Promise<DraftView> {
  const flow = await flowOf(botId, flowId);
  return draftView(flow.toObject(), await flowRefs(botId));
}

/**
 * Saves a draft (the main flow's unless `flowId` names another). Malformed flows are refused
 * (422); unfinished ones are saved with their problems listed, those across flows included.
 */
export async function saveDraft(botId: string, input: { nodes: unknown[]; edges: unknown[]; rev?: number }, now: Date, flowId?: string): Promise<DraftView> {
  const doc = nameSoleExits({ nodes: input.nodes, edges: input.edges });
  const checked = validateDraft(doc);
  if (checked.errors.length > 0) throw new FlowValidationError('The flow has errors that must be fixed before it can be saved', checked.errors);
  const clean = cleanFlow(doc as FlowDocument);
  const flow = flowId ? await flowOf(botId, flowId) : await mainFlow(botId);
  const filter: Record<string, unknown> = { _id: flow._id };
  if (input.rev !== undefined) filter.rev = input.rev;
  const saved = await FlowModel.findOneAndUpdate(filter, { $set: { draft: clean, draftUpdatedAt: now }, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean();
  if (!saved) {
    const current = await FlowModel.findById(flow._id, { rev: 1 }).lean();
    if (!current) throw new NotFoundError(`flow ${flow._id.toString()} not found in this bot`);
    throw new ConflictError('The flow was changed elsewhere (another tab or person) since you loaded it. Reload to get the latest version.', { rev: current.rev });
  }
  return draftView(saved, await flowRefs(botId));
}

async function nextVersion(mainFlowId: Types.ObjectId, botId: string, members: SetMember[], userId: string | undefined) {
  const counter = await FlowModel.findOneAndUpdate({ _id: mainFlowId }, { $inc: { publishedNumber: 1 } }, { returnDocument: 'after', projection: { publishedNumber: 1 } }).lean();
  const number = counter!.publishedNumber;
  const version = await FlowVersionModel.create({ ...versionRecord(botId, mainFlowId, members), kind: 'published', number, key: `v${number}`, createdBy: userId });
  // only while this is still the newest number: a slower, older publish never replaces a newer live version
  await FlowModel.updateOne({ _id: mainFlowId, publishedNumber: number }, { $set: { publishedVersionId: version._id } });
  return version;
}

export function versionView(v: { _id: Types.ObjectId; number?: number | null; createdAt?: Date; createdBy?: Types.ObjectId | null }) {
  return { id: v._id.toString(), version: v.number ?? 0, createdAt: v.createdAt, createdBy: v.createdBy?.toString() ?? null };
}

/**
 * Publishes every flow of the bot together as one version. Publishing drafts identical to the
 * live version (positions and names aside) makes no new version: the answer is the live version
 * with `unchanged: true` (200), so a retried or repeated publish is harmless. Otherwise a new
 * version (201). Issues name the flow they are in (`flowId`).
 */
export async function publish(botId: string, userId: string | undefined) {
  const main = await mainFlow(botId);
  const members = await draftFlowsOf(botId);
  const checked = validateFlowSetForPublish(members);
  if (checked.errors.length > 0) throw new FlowValidationError('The flow cannot be published until these are fixed', checked.errors);
  if (main.publishedVersionId) {
    const live = await FlowVersionModel.findById(main.publishedVersionId).lean();
    // hashed afresh: versions published before a change to the hash's recipe still compare
    if (live && setHash(versionFlows(live)) === setHash(members)) return { ...versionView(live), warnings: checked.warnings, unchanged: true };
  }
  const version = await nextVersion(main._id, botId, members, userId);
  return { ...versionView(version), warnings: checked.warnings, unchanged: false };
}

/**
 * Publishes an old version's content as a new version and makes it the drafts again. A flow that
 * was deleted since comes back under its old id (jumps in that version name it); flows made since
 * stay as they are, outside the new version until the next publish.
 */
export async function rollback(botId: string, number: number, userId: string | undefined, now: Date) {
  const main = await mainFlow(botId);
  const old = await FlowVersionModel.findOne({ flowId: main._id, kind: 'published', number }).lean();
  if (!old) throw new NotFoundError(`version ${number} does not exist`);
  const members = versionFlows(old);
  const version = await nextVersion(main._id, botId, members, userId);
  for (const member of members) {
    const draft = { nodes: member.nodes, edges: member.edges };
    const restored = await FlowModel.updateOne({ _id: member.id, botId }, { $set: { draft, draftUpdatedAt: now }, $inc: { rev: 1 } });
    if (restored.matchedCount === 0) await restoreDeletedFlow(botId, member, now);
  }
  return { ...versionView(version), rolledBackTo: number };
}

async function restoreDeletedFlow(botId: string, member: SetMember, now: Date): Promise<void> {
  for (const name of [member.name, `${member.name} (restored)`, `${member.name} (restored ${member.id.slice(-4)})`]) {
    try {
      await FlowModel.create({ _id: member.id, botId, name, isMain: false, draft: { nodes: member.nodes, edges: member.edges }, draftUpdatedAt: now, rev: 0 });
      return;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}

/** The version a new conversation starts on: the published one, or a snapshot of the current drafts. */
export async function resolveVersion(botId: string, source: 'draft' | 'published'): Promise<{ flowId: string; versionId: string } | null> {
  const flow = await FlowModel.findOne({ botId, isMain: true }, { publishedVersionId: 1 }).lean();
  if (!flow) return null;
  if (source === 'published') return flow.publishedVersionId ? { flowId: flow._id.toString(), versionId: flow.publishedVersionId.toString() } : null;
  const members = await draftFlowsOf(botId);
  if (!validateFlowSetForPublish(members).flow) return null;
  const hash = setHash(members);
  const key = `draft:${hash}`;
  const found = () => FlowVersionModel.findOne({ flowId: flow._id, key }, { _id: 1 }).lean();
  const existing = await found();
  if (existing) return { flowId: flow._id.toString(), versionId: existing._id.toString() };
  try {
    const created = await FlowVersionModel.create({ ...versionRecord(botId, flow._id, members), kind: 'draft', key });
    return { flowId: flow._id.toString(), versionId: created._id.toString() };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await found();
    return raced ? { flowId: flow._id.toString(), versionId: raced._id.toString() } : null;
  }
}
