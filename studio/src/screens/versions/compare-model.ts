// What the read-only version view puts on the canvas: one flow, or two compared. Compared, the
// canvas shows the newer flow plus the steps and connections the older one had and the newer lost
// (at their old places), each marked added, removed or changed.
import {
  describeStepChanges,
  diffFlows,
  stepStatus,
  type FlowDiff,
  type FlowDocument,
  type StepChange,
  type StepStatus,
} from '@botloom/shared';
import type { StoredEdge, StoredNode } from '../../api/types';

export interface Shown {
  nodes: Array<StoredNode & { status: StepStatus }>;
  edges: Array<StoredEdge & { status: 'added' | 'removed' | 'unchanged' }>;
}

export interface Comparison extends Shown {
  diff: FlowDiff;
  steps: StepChange[];
  /** Step names by id, across both flows, for the list of changes. */
  names: Map<string, string>;
}

const edgeKey = (e: StoredEdge) => `${e.source}:${e.sourceHandle ?? ''}->${e.target}`;
const asDocument = (nodes: StoredNode[], edges: StoredEdge[]) => ({ nodes, edges }) as unknown as FlowDocument;

export function showOne(nodes: StoredNode[], edges: StoredEdge[]): Shown {
  return {
    nodes: nodes.map((n) => ({ ...n, status: 'unchanged' as const })),
    edges: edges.map((e) => ({ ...e, status: 'unchanged' as const })),
  };
}

const CARD = { width: 230, height: 110, gap: 60 };

/** A lost step drawn where it was would hide the step now there: it moves right until it is clear. */
function clearOf(placed: StoredNode[], node: StoredNode): StoredNode {
  const overlaps = (x: number) =>
    placed.some((p) => Math.abs(p.position.x - x) < CARD.width && Math.abs(p.position.y - node.position.y) < CARD.height);
  let x = node.position.x;
  while (overlaps(x)) x += CARD.width + CARD.gap;
  return x === node.position.x ? node : { ...node, position: { ...node.position, x } };
}

export function compareFlows(
  older: { nodes: StoredNode[]; edges: StoredEdge[] },
  newer: { nodes: StoredNode[]; edges: StoredEdge[] },
  nameOf: (node: StoredNode) => string,
): Comparison {
  const before = asDocument(older.nodes, older.edges);
  const after = asDocument(newer.nodes, newer.edges);
  const diff = diffFlows(before, after);
  const removed: StoredNode[] = [];
  for (const n of older.nodes.filter((o) => diff.removedNodes.includes(o.id))) removed.push(clearOf([...newer.nodes, ...removed], n));
  const newKeys = new Set(newer.edges.map(edgeKey));
  const oldKeys = new Set(older.edges.map(edgeKey));
  const names = new Map([...older.nodes, ...newer.nodes].map((n) => [n.id, nameOf(n)]));
  return {
    diff,
    steps: describeStepChanges(before, after, diff),
    names,
    nodes: [...newer.nodes, ...removed].map((n) => ({ ...n, status: stepStatus(diff, n.id) })),
    edges: [
      ...newer.edges.map((e) => ({ ...e, status: oldKeys.has(edgeKey(e)) ? ('unchanged' as const) : ('added' as const) })),
      // a lost connection keeps its id unless the newer flow reuses it
      ...older.edges.filter((e) => !newKeys.has(edgeKey(e))).map((e) => ({ ...e, id: `removed:${e.id}`, status: 'removed' as const })),
    ],
  };
}
