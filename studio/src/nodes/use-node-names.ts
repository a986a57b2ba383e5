// Every node's id, type and display name, as a list that only changes when a name does (not
// when nodes move), for menus and lists beside the canvas.
import type { NodeType } from '@botloom/shared';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useFlowStore } from '../store/flow-store-context';
import type { BotloomNode } from '../store/flow-types';
import { nodeDisplayName } from './node-display-name';

export interface NodeName {
  id: string;
  type: NodeType;
  name: string;
}

const SEPARATOR = '\u0000';
const cache = new WeakMap<object, string>();

function entry(node: BotloomNode): string {
  let name = cache.get(node.data);
  if (name === undefined) {
    name = nodeDisplayName(node);
    cache.set(node.data, name);
  }
  return [node.id, node.type, name].join(SEPARATOR);
}

export function useNodeNames(): NodeName[] {
  const entries = useFlowStore(useShallow((s) => s.nodes.map(entry)));
  return useMemo(
    () =>
      entries.map((e) => {
        const [id, type, name] = e.split(SEPARATOR) as [string, NodeType, string];
        return { id, type, name };
      }),
    [entries],
  );
}
