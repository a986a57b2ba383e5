// Copies of nodes and the edges between them, with fresh ids, a little below and to the right.
import type { BotloomNode, FlowSnapshot } from './flow-types';
import { edgeId, newNodeId } from './new-ids';

const OFFSET = 40;

export function pasteSnapshot(clipboard: FlowSnapshot, flowHasStart: boolean): FlowSnapshot {
  const idMap = new Map<string, string>();
  // a flow has one Start: a copied Start is left out when the flow already has one
  const nodes = clipboard.nodes
    .filter((n) => !(flowHasStart && n.type === 'start'))
    .map((n) => {
      const id = newNodeId(n.type);
      idMap.set(n.id, id);
      return {
        id,
        type: n.type,
        data: structuredClone(n.data),
        position: { x: n.position.x + OFFSET, y: n.position.y + OFFSET },
        selected: true,
      } as BotloomNode;
    });
  const edges = clipboard.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) return [];
    return [{ id: edgeId(source, e.sourceHandle, target), source, target, sourceHandle: e.sourceHandle ?? null, selected: true }];
  });
  return { nodes, edges };
}
