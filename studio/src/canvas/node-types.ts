// React Flow renders every Botloom node type with the same card; what differs comes from the
// catalogue (icon, label, exits) and the type's folder in studio/src/nodes (summary, form hints).
import { NODE_TYPES, type NodeType } from '@botloom/shared';
import type { NodeTypes } from '@xyflow/react';
import { FlowNodeCard } from './FlowNodeCard';

export const nodeTypes: NodeTypes = Object.fromEntries(NODE_TYPES.map((type: NodeType) => [type, FlowNodeCard]));
