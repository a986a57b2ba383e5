// Converting between the editor's state and the flow document the API stores, and telling
// whether two states differ in a way that matters (to undo history, autosave or validation).
import { isNodeType } from '@botloom/shared';
import type { StoredEdge, StoredNode } from '../api/types';
import type { BotloomEdge, BotloomNode, FlowSnapshot } from './flow-types';

export function toStoredNodes(nodes: readonly BotloomNode[]): StoredNode[] {
  return nodes.map(({ id, type, position, data }) => ({
    id,
    type,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    data,
  }));
}

export function toStoredEdges(edges: readonly BotloomEdge[]): StoredEdge[] {
  return edges.map(({ id, source, target, sourceHandle }) => ({ id, source, target, ...(sourceHandle ? { sourceHandle } : {}) }));
}

/** Nodes of a type this studio does not know are kept out of the canvas but reported. */
export function fromStored(nodes: readonly StoredNode[], edges: readonly StoredEdge[]): FlowSnapshot & { unknownTypes: string[] } {
  const unknownTypes = [...new Set(nodes.filter((n) => !isNodeType(n.type)).map((n) => n.type))];
  return {
    // a size before measuring, so fit-view and off-screen culling work on large flows
    nodes: nodes
      .filter((n) => isNodeType(n.type))
      .map(
        (n) => ({ id: n.id, type: n.type, position: n.position, data: n.data ?? {}, initialWidth: 230, initialHeight: 90 }) as BotloomNode,
      ),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? null })),
    unknownTypes,
  };
}

function sameNodes(a: readonly BotloomNode[], b: readonly BotloomNode[], withPositions: boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((n, i) => {
    const m = b[i]!;
    if (n.id !== m.id || n.type !== m.type || n.data !== m.data) return false;
    return !withPositions || (n.position.x === m.position.x && n.position.y === m.position.y);
  });
}

function sameEdges(a: readonly BotloomEdge[], b: readonly BotloomEdge[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((e, i) => {
    const f = b[i]!;
    return e.id === f.id && e.source === f.source && e.target === f.target && (e.sourceHandle ?? null) === (f.sourceHandle ?? null);
  });
}

/** Same bot, same layout: selection, dragging and measuring do not count. */
export function sameDocument(a: FlowSnapshot, b: FlowSnapshot): boolean {
  return sameNodes(a.nodes, b.nodes, true) && sameEdges(a.edges, b.edges);
}

/** Same bot, whatever the layout: what validation depends on. */
export function sameLogic(a: FlowSnapshot, b: FlowSnapshot): boolean {
  return sameNodes(a.nodes, b.nodes, false) && sameEdges(a.edges, b.edges);
}
