import type { NodeConfigByType, NodeType } from './generated/node-configs';

/** A flow as clients send it: React Flow's JSON, data not yet checked. */
export interface FlowDocument {
  nodes: Array<{ id: string; type: string; position: { x: number; y: number }; data: Record<string, unknown>; [k: string]: unknown }>;
  edges: Array<{ id: string; source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null; [k: string]: unknown }>;
}

/** A node whose data has been validated against its type's schema. */
export type TypedNode = { [T in NodeType]: { id: string; type: T; position: { x: number; y: number }; data: NodeConfigByType[T] } }[NodeType];

export interface TypedEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/** Where one flow of a version starts in the linked graph (see flow-set.ts). */
export interface RunnableFlowEntry {
  id: string;
  name: string;
  main: boolean;
  /** The linked id of the flow's Start, null when it has none. */
  start: string | null;
}

/** A flow that passed publish validation: what the engine runs. */
export interface RunnableFlow {
  nodes: TypedNode[];
  edges: TypedEdge[];
  /**
   * Every flow of the version, the main one first, when the graph links several (flow-set.ts);
   * absent for a single flow checked on its own, whose Start is then the only one.
   */
  flows?: RunnableFlowEntry[];
}
