// "Tidy up": lays the flow out left to right the way its exits lead, with dagre (a kept
// layered-graph layout library) doing the geometry. dagre's order constraints keep the steps
// behind one node's exits in the order the card shows its exits: the first exit's step on top.
// Plain data in and out (no store, no schemas), so it runs in a web worker.
import dagre from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** The node's exits in the order its card lists them. */
  exits: readonly string[];
}

export interface LayoutEdge {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

const RANK_GAP = 90;
const NODE_GAP = 36;

/** New top-left positions for every node, keyed by id. */
export function tidyLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  const exitIndex = (e: LayoutEdge) => {
    const i = byId.get(e.source)?.exits.indexOf(e.sourceHandle ?? 'out') ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const ordered = edges.filter((e) => byId.has(e.source) && byId.has(e.target)).sort((a, b) => exitIndex(a) - exitIndex(b));
  for (const edge of ordered) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph, { constraints: exitConstraints(ordered) });

  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const laid = graph.node(node.id) as { x: number; y: number };
    // dagre gives centres; React Flow wants top-left corners
    positions.set(node.id, { x: Math.round(laid.x - node.width / 2), y: Math.round(laid.y - node.height / 2) });
  }
  return positions;
}

/** "left" comes first across a rank: with rankdir LR, above. One pair per two neighbouring exits. */
function exitConstraints(orderedEdges: readonly LayoutEdge[]): { left: string; right: string }[] {
  const targetsBySource = new Map<string, string[]>();
  for (const e of orderedEdges) {
    const targets = targetsBySource.get(e.source) ?? [];
    if (e.target !== e.source && !targets.includes(e.target)) targets.push(e.target);
    targetsBySource.set(e.source, targets);
  }
  const pairs = new Set<string>();
  const constraints: { left: string; right: string }[] = [];
  for (const targets of targetsBySource.values()) {
    for (let i = 1; i < targets.length; i++) {
      const left = targets[i - 1]!;
      const right = targets[i]!;
      // two steps that share targets in the other order: the first request wins
      if (pairs.has(`${right}\u0000${left}`)) continue;
      pairs.add(`${left}\u0000${right}`);
      constraints.push({ left, right });
    }
  }
  return constraints;
}
