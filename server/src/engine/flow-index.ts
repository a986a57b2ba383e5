// Fast lookups into a runnable flow, computed once per flow object.
import { implicitHandle, type RunnableFlow, type TypedNode } from '@botloom/shared';

export interface FlowIndex {
  node(id: string): TypedNode | undefined;
  /** The main flow's Start. */
  start: TypedNode | undefined;
  /** A flow of the version by id (the main one too): its name and Start; undefined when the version has no such flow. */
  flow(flowId: string): { name: string; start: TypedNode | undefined } | undefined;
  /** The node an exit leads to; an edge without a sourceHandle leaves the node's only required exit. */
  target(nodeId: string, handle: string): string | undefined;
}

const cache = new WeakMap<RunnableFlow, FlowIndex>();

export function indexFlow(flow: RunnableFlow): FlowIndex {
  const cached = cache.get(flow);
  if (cached) return cached;
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]));
  const exits = new Map<string, string>();
  for (const edge of flow.edges) {
    const source = nodes.get(edge.source);
    // an unnamed edge is the node's one required exit, never an optional one such as "failed"
    const handle = edge.sourceHandle ?? (source ? implicitHandle(source.type, source.data as Record<string, unknown>) : undefined) ?? '';
    const key = `${edge.source}\u0000${handle}`;
    if (!exits.has(key)) exits.set(key, edge.target); // the first connection wins, as the lint warns
  }
  const main = flow.flows?.find((f) => f.main);
  const start = main?.start ? nodes.get(main.start) : flow.nodes.find((n) => n.type === 'start');
  const flows = new Map((flow.flows ?? []).map((f) => [f.id, { name: f.name, start: f.start ? nodes.get(f.start) : undefined }]));
  const index: FlowIndex = {
    node: (id) => nodes.get(id),
    start,
    flow: (flowId) => flows.get(flowId),
    target: (nodeId, handle) => exits.get(`${nodeId}\u0000${handle}`),
  };
  cache.set(flow, index);
  return index;
}
