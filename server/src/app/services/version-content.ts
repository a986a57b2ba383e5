// What a version is made of: every flow of the bot (the main one under the version's `flowId`,
// the others in `flows`), and the hash that says whether two sets of flows publish the same bot.
import { createHash } from 'node:crypto';
import { publishableContent, type FlowDocument, type FlowSetMember } from '@botloom/shared';
import type { Types } from 'mongoose';
import { FlowModel } from '../../adapters/mongo/models';
import { versionFlows } from '../../adapters/mongo/version-flows';

export { versionFlows };

const NODE_FIELDS = ['id', 'type', 'position', 'data'] as const;
const EDGE_FIELDS = ['id', 'source', 'target', 'sourceHandle', 'targetHandle'] as const;

export type SetMember = FlowSetMember;

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

/**
 * The hash of a bot's flows: a bot with only its main flow hashes as that flow alone (as versions
 * from before several flows did, so "unchanged" still holds against them); otherwise every flow's
 * content under its id, in id order. Names and positions are not content.
 */
export function setHash(members: readonly SetMember[]): string {
  const main = members.find((m) => m.main);
  const others = members.filter((m) => !m.main).sort((a, b) => (a.id < b.id ? -1 : 1));
  const mainContent = main ? { nodes: main.nodes, edges: main.edges } : { nodes: [], edges: [] };
  if (others.length === 0) return contentHash(mainContent);
  const hash = createHash('sha256').update(publishableContent(cleanFlow(mainContent)));
  for (const other of others) hash.update(`\n${other.id}\n`).update(publishableContent(cleanFlow(other)));
  return hash.digest('hex');
}

/** Every flow of the bot with its current draft, the main one first. */
export async function draftFlowsOf(botId: string | Types.ObjectId): Promise<SetMember[]> {
  const flows = await FlowModel.find({ botId }, { name: 1, isMain: 1, draft: 1, createdAt: 1 }).sort({ isMain: -1, createdAt: 1 }).lean();
  return flows.map((f) => ({
    id: f._id.toString(),
    name: f.name,
    main: f.isMain === true,
    ...cleanFlow({ nodes: (f.draft?.nodes ?? []) as FlowDocument['nodes'], edges: (f.draft?.edges ?? []) as FlowDocument['edges'] }),
  }));
}

/** The fields of a version document holding these flows. */
export function versionRecord(botId: string | Types.ObjectId, mainFlowId: Types.ObjectId, members: readonly SetMember[]) {
  const main = members.find((m) => m.main);
  return {
    flowId: mainFlowId,
    botId,
    contentHash: setHash(members),
    name: main?.name,
    nodes: main?.nodes ?? [],
    edges: main?.edges ?? [],
    flows: members.filter((m) => !m.main).map((m) => ({ flowId: m.id, name: m.name, nodes: m.nodes, edges: m.edges })),
  };
}
