// What changed between two versions of a flow, in the words a builder uses: steps added,
// removed or changed, and connections added or removed.
import type { FlowDocument } from './flow-types';

export interface FlowDiff {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
}

type Edge = FlowDocument['edges'][number];
const edgeKey = (e: Edge) => `${e.source}:${e.sourceHandle ?? ''}->${e.target}`;

/** Stable JSON: key order never counts as a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    addedNodes: [...now.keys()].filter((id) => !old.has(id)),
    removedNodes: [...old.keys()].filter((id) => !now.has(id)),
    // moving a node on the canvas is not a change to the bot
    changedNodes: [...now.keys()].filter((id) => {
      const a = old.get(id);
      const b = now.get(id)!;
      return a !== undefined && (a.type !== b.type || canonicalJson(a.data) !== canonicalJson(b.data));
    }),
    addedEdges: [...newEdges].filter((k) => !oldEdges.has(k)),
    removedEdges: [...oldEdges].filter((k) => !newEdges.has(k)),
  };
}
