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
  /** Set when the builder names further exits in the node's settings (one per intent): any such name is a well-formed exit. */
  dynamicHandles: boolean;
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
  /** The node's data names more exits: one per entry of this list field, by its `name` (ai_intent's intents). */
  handlesFrom?: string;
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
      dynamicHandles: x.handlesFrom !== undefined,
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
  if (x.handlesFrom) return [...namedExits(data[x.handlesFrom]), ...x.handles];
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

/** A name an exit may have when the builder names it (an intent): what the schema lets them type. */
export const DYNAMIC_HANDLE = /^[a-z0-9_]{1,40}$/;

/** The distinct, well-formed names of a list field's entries, in order (an intent list's exits). */
function namedExits(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const names = list.map((entry) => (entry as { name?: unknown } | null)?.name).filter((name): name is string => typeof name === 'string' && DYNAMIC_HANDLE.test(name));
  return [...new Set(names)];
}
