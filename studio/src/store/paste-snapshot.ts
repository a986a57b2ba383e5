// Copies of nodes and the edges between them, with fresh ids, a little below and to the right,
// moved on to the nearest place where they cover no step already there.
import { activeHandles } from '@botloom/shared';
import { freeShift, occupiedBy, rectOf } from '../canvas/free-spot';
import type { BotloomNode, FlowSnapshot } from './flow-types';
import { edgeId, newNodeId } from './new-ids';

const OFFSET = 40;

export function pasteSnapshot(clipboard: FlowSnapshot, onCanvas: readonly BotloomNode[]): FlowSnapshot {
  const flowHasStart = onCanvas.some((n) => n.type === 'start');
  const idMap = new Map<string, string>();
  // a flow has one Start: a copied Start is left out when the flow already has one
  const copied = clipboard.nodes.filter((n) => !(flowHasStart && n.type === 'start'));
  const wanted = copied.map((n) =>
    rectOf({ ...n, position: { x: n.position.x + OFFSET, y: n.position.y + OFFSET } }, activeHandles(n.type, n.data).length),
  );
  const shift = freeShift(wanted, occupiedBy(onCanvas));
  const nodes = copied.map((n, i) => {
    const id = newNodeId(n.type);
    idMap.set(n.id, id);
    return {
      id,
      type: n.type,
      data: structuredClone(n.data),
      position: { x: wanted[i]!.x + shift.x, y: wanted[i]!.y + shift.y },
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
