// The flows a stored version holds: the main one as `nodes`/`edges` under the version's `flowId`
// (the only one in versions from before a bot had several flows), the others in `flows`.
import type { FlowDocument, FlowSetMember } from '@botloom/shared';
import type { Types } from 'mongoose';

export interface StoredVersionFlows {
  flowId: Types.ObjectId;
  name?: string | null;
  nodes: unknown[];
  edges: unknown[];
  flows?: Array<{ flowId: Types.ObjectId; name: string; nodes: unknown[]; edges: unknown[] }> | null;
}

/** The flows of a version, the main one first. */
export function versionFlows(version: StoredVersionFlows): FlowSetMember[] {
  const main: FlowSetMember = { id: version.flowId.toString(), name: version.name ?? 'Main', main: true, nodes: version.nodes as FlowDocument['nodes'], edges: version.edges as FlowDocument['edges'] };
  const others = (version.flows ?? []).map((f) => ({ id: f.flowId.toString(), name: f.name, main: false, nodes: f.nodes as FlowDocument['nodes'], edges: f.edges as FlowDocument['edges'] }));
  return [main, ...others];
}
