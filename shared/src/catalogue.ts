// The node catalogue, read from the node schemas' "x-botloom" block: one source of truth for
// the server (handles, waiting nodes) and the studio (palette labels, icons, descriptions).
import { NODE_TYPES, type NodeType } from './generated/node-configs';
import { nodeSchemas } from './generated/node-schemas';

export interface NodeMeta {
  type: NodeType;
  label: string;
  description: string;
  icon: string;
  category: string;
  /** Every handle the type can ever have; edges naming another are malformed. */
  handles: readonly string[];
  /** Exits that may stay unconnected without changing the node's other exits (send_message's "failed"). */
  optionalHandles: readonly string[];
  /** True when the node can pause the conversation (it breaks an otherwise endless cycle). */
  waits: boolean;
}

interface XBotloom {
  label: string;
  icon: string;
  category: string;
  handles: string[];
  optionalHandles?: string[];
  waits?: boolean;
  handlesByMode?: Record<string, string[]>;
  handlesByAction?: Record<string, string[]>;
}

function xOf(type: NodeType): XBotloom {
  return (nodeSchemas[type] as unknown as { 'x-botloom': XBotloom })['x-botloom'];
}

export const nodeCatalogue: Readonly<Record<NodeType, NodeMeta>> = Object.fromEntries(
  NODE_TYPES.map((type) => {
    const x = xOf(type);
    const meta: NodeMeta = {
      type,
      label: x.label,
      description: nodeSchemas[type].description,
      icon: x.icon,
      category: x.category,
      handles: x.handles,
      optionalHandles: x.optionalHandles ?? [],
      waits: x.waits === true,
    };
    return [type, meta];
  }),
) as Record<NodeType, NodeMeta>;

export function isNodeType(type: string): type is NodeType {
  return (NODE_TYPES as readonly string[]).includes(type);
}

/** The handles a node has with its current settings (a reply-wait has reply/timeout, a pause has out). */
export function activeHandles(type: NodeType, data: Record<string, unknown>): readonly string[] {
  const x = xOf(type);
  if (x.handlesByMode) return x.handlesByMode[String(data.mode ?? 'duration')] ?? x.handles;
  if (x.handlesByAction) return x.handlesByAction[String(data.action ?? 'book')] ?? x.handles;
  return x.handles;
}

/** The exit an edge without a sourceHandle leaves from: the node's only exit that is not optional, if it has one. */
export function implicitHandle(type: NodeType, data: Record<string, unknown>): string | undefined {
  const optional = xOf(type).optionalHandles ?? [];
  const required = activeHandles(type, data).filter((h) => !optional.includes(h));
  return required.length === 1 ? required[0] : undefined;
}
