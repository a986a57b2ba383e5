// The editor's nodes: React Flow nodes whose data is a node type's (possibly unfinished) config,
// discriminated by `type`, so `node.type === 'ask'` narrows `node.data` to the ask config.
import type { NodeConfigByType, NodeType } from '@botloom/shared';
import type { Edge, Node } from '@xyflow/react';

export type NodeDataOf<T extends NodeType> = Partial<NodeConfigByType[T]> & Record<string, unknown>;

export type BotloomNode = { [T in NodeType]: Node<NodeDataOf<T>, T> }[NodeType];

export type BotloomEdge = Edge;

export interface FlowSnapshot {
  nodes: BotloomNode[];
  edges: BotloomEdge[];
}
