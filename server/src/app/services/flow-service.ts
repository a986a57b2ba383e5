// Drafts, versions and publishing. A draft may be unfinished; a version never is. Versions are
// immutable: conversations pin the one they started on and finish on it.
import { createHash } from 'node:crypto';
import { diffFlows, nameSoleExits, publishableContent, validateDraft, validateForPublish, type FlowDocument, type FlowIssue } from '@botloom/shared';
import type { Types } from 'mongoose';
import { FlowModel, FlowVersionModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ConflictError, FlowValidationError, NotFoundError } from '../../ports/errors';

const NODE_FIELDS = ['id', 'type', 'position', 'data'] as const;
const EDGE_FIELDS = ['id', 'source', 'target', 'sourceHandle', 'targetHandle'] as const;

function pick<T extends Record<string, unknown>>(obj: T, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => obj[f] !== undefined).map((f) => [f, obj[f]]));
}

/** Keeps what defines the bot; drops editor-only state (selected, dragging, measured...). */
export function cleanFlow(flow: FlowDocument): FlowDocument {
  return {
    nodes: flow.nodes.map((n) => pick(n, NODE_FIELDS) as FlowDocument['nodes'][number]),
    edges: flow.edges.map((e) => pick(e, EDGE_FIELDS) as FlowDocument['edges'][number]),
  };
}

export function contentHash(flow: FlowDocument): string {
  return createHash('sha256').update(publishableContent(cleanFlow(flow))).digest('hex');
}

export type DraftView = { flowId: string; nodes: unknown[]; edges: unknown[]; rev: number; updatedAt: Date | null; problems: FlowIssue[] };

export async function mainFlow(botId: string) {
  const flow = await FlowModel.findOne({ botId, isMain: true });
  if (!flow) throw new NotFoundError(`bot ${botId} has no flow`);
  return flow;
}

export function draftView(flow: { _id: Types.ObjectId; draft?: { nodes?: unknown[]; edges?: unknown[] } | null; rev: number; draftUpdatedAt?: Date | null }): DraftView {
  const doc = { nodes: flow.draft?.nodes ?? [], edges: flow.draft?.edges ?? [] };
  return { flowId: flow._id.toString(), nodes: doc.nodes, edges: doc.edges, rev: flow.rev, updatedAt: flow.draftUpdatedAt ?? null, problems: validateDraft(doc).problems };
}

/** Saves a draft. Malformed flows are refused (422); unfinished ones are saved with their problems listed. */
export async function saveDraft(botId: string, input: { nodes: unknown[]; edges: unknown[]; rev?: number }, now: Date): Promise<DraftView> {
  const doc = nameSoleExits({ nodes: input.nodes, edges: input.edges });
  const checked = validateDraft(doc);
  if (checked.errors.length > 0) throw new FlowValidationError('The flow has errors that must be fixed before it can be saved', checked.errors);
  const clean = cleanFlow(doc as FlowDocument);
  const flow = await mainFlow(botId);
  const filter: Record<string, unknown> = { _id: flow._id };
  if (input.rev !== undefined) filter.rev = input.rev;
  const saved = await FlowModel.findOneAndUpdate(filter, { $set: { draft: clean, draftUpdatedAt: now }, $inc: { rev: 1 } }, { returnDocument: 'after' }).lean();
  if (!saved) {
    const current = await FlowModel.findById(flow._id, { rev: 1 }).lean();
    throw new ConflictError('The flow was changed elsewhere (another tab or person) since you loaded it. Reload to get the latest version.', { rev: current?.rev });
  }
  return { ...draftView(saved), problems: checked.problems };
}

async function nextVersion(flowId: Types.ObjectId, botId: string, flow: FlowDocument, userId: string | undefined) {
  const counter = await FlowModel.findOneAndUpdate({ _id: flowId }, { $inc: { publishedNumber: 1 } }, { returnDocument: 'after', projection: { publishedNumber: 1 } }).lean();
  const number = counter!.publishedNumber;
  const version = await FlowVersionModel.create({
    flowId,
    botId,
    kind: 'published',
    number,
    key: `v${number}`,
    contentHash: contentHash(flow),
    nodes: flow.nodes,
    edges: flow.edges,
    createdBy: userId,
  });
  // only while this is still the newest number: a slower, older publish never replaces a newer live version
  await FlowModel.updateOne({ _id: flowId, publishedNumber: number }, { $set: { publishedVersionId: version._id } });
  return version;
}

export function versionView(v: { _id: Types.ObjectId; number?: number | null; createdAt?: Date; createdBy?: Types.ObjectId | null }) {
  return { id: v._id.toString(), version: v.number ?? 0, createdAt: v.createdAt, createdBy: v.createdBy?.toString() ?? null };
}

/**
 * Publishing a draft identical to the live version (positions aside) makes no new version: the
 * answer is the live version with `unchanged: true` (200), so a retried or repeated publish is
 * harmless. Otherwise a new version (201).
 */
export async function publish(botId: string, userId: string | undefined) {
  const flow = await mainFlow(botId);
  const doc = { nodes: flow.draft?.nodes ?? [], edges: flow.draft?.edges ?? [] };
  const checked = validateForPublish(doc);
  if (checked.errors.length > 0) throw new FlowValidationError('The flow cannot be published until these are fixed', checked.errors);
  const clean = cleanFlow(doc as FlowDocument);
  if (flow.publishedVersionId) {
    const live = await FlowVersionModel.findById(flow.publishedVersionId).lean();
    // hashed afresh: versions published before a change to the hash's recipe still compare
    if (live && contentHash({ nodes: live.nodes, edges: live.edges } as FlowDocument) === contentHash(clean)) return { ...versionView(live), warnings: checked.warnings, unchanged: true };
  }
  const version = await nextVersion(flow._id, botId, clean, userId);
  return { ...versionView(version), warnings: checked.warnings, unchanged: false };
}

/** Publishes an old version's content as a new version and makes it the draft again. */
export async function rollback(botId: string, number: number, userId: string | undefined, now: Date) {
  const flow = await mainFlow(botId);
  const old = await FlowVersionModel.findOne({ flowId: flow._id, kind: 'published', number }).lean();
  if (!old) throw new NotFoundError(`version ${number} does not exist`);
  const content = { nodes: old.nodes, edges: old.edges } as FlowDocument;
  const version = await nextVersion(flow._id, botId, content, userId);
  await FlowModel.updateOne({ _id: flow._id }, { $set: { draft: content, draftUpdatedAt: now }, $inc: { rev: 1 } });
  return { ...versionView(version), rolledBackTo: number };
}

export async function listVersions(botId: string) {
  const flow = await mainFlow(botId);
  const versions = await FlowVersionModel.find({ flowId: flow._id, kind: 'published' }).sort({ number: -1 }).lean();
  return versions.map((v, i) => {
    const previous = versions[i + 1];
    const diff = previous ? diffFlows(previous as unknown as FlowDocument, v as unknown as FlowDocument) : null;
    return { ...versionView(v), live: flow.publishedVersionId?.equals(v._id) ?? false, changes: diff };
  });
}

export async function getVersion(botId: string, number: number) {
  const flow = await mainFlow(botId);
  const v = await FlowVersionModel.findOne({ flowId: flow._id, kind: 'published', number }).lean();
  if (!v) throw new NotFoundError(`version ${number} does not exist`);
  return { ...versionView(v), nodes: v.nodes, edges: v.edges };
}

/** The version a new conversation starts on: the published one, or a snapshot of the current draft. */
export async function resolveVersion(botId: string, source: 'draft' | 'published'): Promise<{ flowId: string; versionId: string } | null> {
  const flow = await FlowModel.findOne({ botId, isMain: true }).lean();
  if (!flow) return null;
  if (source === 'published') return flow.publishedVersionId ? { flowId: flow._id.toString(), versionId: flow.publishedVersionId.toString() } : null;
  const doc = cleanFlow({ nodes: flow.draft?.nodes ?? [], edges: flow.draft?.edges ?? [] } as FlowDocument);
  if (!validateForPublish(doc).flow) return null;
  const hash = contentHash(doc);
  const key = `draft:${hash}`;
  const existing = await FlowVersionModel.findOne({ flowId: flow._id, key }, { _id: 1 }).lean();
  if (existing) return { flowId: flow._id.toString(), versionId: existing._id.toString() };
  try {
    const created = await FlowVersionModel.create({ flowId: flow._id, botId, kind: 'draft', key, contentHash: hash, nodes: doc.nodes, edges: doc.edges });
    return { flowId: flow._id.toString(), versionId: created._id.toString() };
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await FlowVersionModel.findOne({ flowId: flow._id, key }, { _id: 1 }).lean();
    return raced ? { flowId: flow._id.toString(), versionId: raced._id.toString() } : null;
  }
}
