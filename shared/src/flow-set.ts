// A bot's flows taken together: the checks that need more than one flow (a jump to a flow that
// does not exist, jumps that loop with no waiting step) and the linking of every flow of a version
// into the one graph the engine runs.
//
// Why one linked graph: the engine, the journal, timers and hand-back all address a node by one id.
// Linking keeps the main flow's node ids as they are (versions and conversations from before
// several flows existed read the same) and gives the other flows' nodes `<flowId>/<nodeId>`, so
// ids never collide and a conversation in any flow is still one cursor in one version.
import { isNodeType, nodeCatalogue } from './catalogue';
import { issue, type FlowIssue } from './issues';
import type { FlowDocument, RunnableFlow } from './flow-types';

/** A flow of a bot, as the checks need to know it. */
export interface FlowRef {
  id: string;
  name: string;
  main?: boolean;
  /** The flows this one goes on to from its Start with no waiting step on the way (see jumpsWithoutWaiting). */
  jumpsWithoutWaiting?: readonly string[];
}

/** What a draft is checked against when the bot's other flows are known. */
export interface FlowContext {
  /** The flow being checked. */
  flowId: string;
  /** Every flow of the bot (this one included). */
  flows: readonly FlowRef[];
}

const FLOW_SEPARATOR = '/';

/** The id a node has in the linked graph: the main flow's ids unchanged, the others' prefixed with their flow. */
export function linkedNodeId(flow: { id: string; main?: boolean }, nodeId: string): string {
  return flow.main ? nodeId : `${flow.id}${FLOW_SEPARATOR}${nodeId}`;
}

/** The flow (null: the main one) and the node id within it, from a linked node id. */
export function splitLinkedNodeId(linkedId: string): { flowId: string | null; nodeId: string } {
  const at = linkedId.indexOf(FLOW_SEPARATOR);
  // flow ids are 24 hex digits (a MongoDB id); a main-flow node id may contain "/" itself
  if (at === 24 && /^[0-9a-f]{24}$/.test(linkedId.slice(0, at))) return { flowId: linkedId.slice(0, at), nodeId: linkedId.slice(at + 1) };
  return { flowId: null, nodeId: linkedId };
}

function jumpTarget(node: FlowDocument['nodes'][number]): string | null {
  const target = node.data?.flow_id;
  return node.type === 'jump' && typeof target === 'string' && target !== '' ? target : null;
}

/**
 * The jump steps a conversation can reach from this flow's Start without any step that waits
 * (a question, a wait, a booking, a hand-over): a loop made only of such jumps would run forever.
 */
export function jumpsWithoutWaiting(flow: FlowDocument): Array<{ nodeId: string; flowId: string }> {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const start = flow.nodes.find((n) => n.type === 'start');
  if (!start) return [];
  const outgoing = new Map<string, string[]>();
  for (const e of flow.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  const seen = new Set([start.id]);
  const queue = [start.id];
  const found: Array<{ nodeId: string; flowId: string }> = [];
  while (queue.length > 0) {
    const node = byId.get(queue.shift()!);
    if (!node) continue;
    const target = jumpTarget(node);
    if (target) found.push({ nodeId: node.id, flowId: target });
    if (isNodeType(node.type) && nodeCatalogue[node.type].waits) continue;
    for (const next of outgoing.get(node.id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return found;
}

/** Jump steps naming a flow the bot does not have (any more): a problem on the step. */
export function missingJumpTargets(flow: FlowDocument, flows: readonly FlowRef[]): FlowIssue[] {
  const known = new Set(flows.map((f) => f.id));
  return flow.nodes.flatMap((node, i) => {
    const target = jumpTarget(node);
    if (!target || known.has(target)) return [];
    return [issue(`/nodes/${i}/data/flow_id`, 'This step goes to a flow that does not exist (any more); choose another flow', { nodeId: node.id })];
  });
}

/** The shortest chain of flows from `from` to `to` following jumps that do not wait, or null. */
function chain(from: string, to: string, edges: ReadonlyMap<string, readonly string[]>): string[] | null {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) {
      const path: string[] = [];
      for (let p: string | null | undefined = at; p != null; p = previous.get(p)) path.unshift(p);
      return path;
    }
    for (const next of edges.get(at) ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, at);
      queue.push(next);
    }
  }
  return null;
}

/**
 * Jump steps of this flow that lead back to it through jumps alone, no step waiting for the
 * contact anywhere on the way: the conversation would go round forever. An error on each such step.
 */
export function jumpLoops(flow: FlowDocument, context: FlowContext): FlowIssue[] {
  const quick = jumpsWithoutWaiting(flow);
  if (quick.length === 0) return [];
  const edges = new Map<string, readonly string[]>(context.flows.map((f) => [f.id, f.jumpsWithoutWaiting ?? []]));
  edges.set(context.flowId, [...new Set(quick.map((j) => j.flowId))]);
  const names = new Map(context.flows.map((f) => [f.id, f.name]));
  const nameOf = (id: string) => `“${names.get(id) ?? id}”`;
  const index = new Map(flow.nodes.map((n, i) => [n.id, i]));
  return quick.flatMap(({ nodeId, flowId }) => {
    const back = chain(flowId, context.flowId, edges);
    if (!back) return [];
    const loop = [context.flowId, ...back].map(nameOf).join(' → ');
    return [
      issue(`/nodes/${index.get(nodeId)}`, `This loops forever without waiting for the contact: ${loop}. Add a question or a Wait on the way`, { nodeId }),
    ];
  });
}

/** Cross-flow problems of one flow's draft: jumps to missing flows and loops through jumps. */
export function flowSetProblems(flow: FlowDocument, context: FlowContext): FlowIssue[] {
  return [...missingJumpTargets(flow, context.flows), ...jumpLoops(flow, context)];
}

/** A flow as a published version keeps it. */
export interface FlowSetMember extends FlowDocument {
  id: string;
  name: string;
  main: boolean;
}

/**
 * Links validated flows into one runnable graph: every node under its linked id, edges between
 * linked ids, and where each flow starts. The main flow comes first.
 */
export function linkFlows(flows: ReadonlyArray<{ id: string; name: string; main: boolean; flow: RunnableFlow }>): RunnableFlow {
  const ordered = [...flows].sort((a, b) => Number(b.main) - Number(a.main));
  const nodes: RunnableFlow['nodes'] = [];
  const edges: RunnableFlow['edges'] = [];
  const entries: NonNullable<RunnableFlow['flows']> = [];
  for (const { id, name, main, flow } of ordered) {
    const link = (nodeId: string) => linkedNodeId({ id, main }, nodeId);
    for (const node of flow.nodes) nodes.push({ ...node, id: link(node.id) } as typeof node);
    for (const edge of flow.edges) edges.push({ ...edge, id: link(edge.id), source: link(edge.source), target: link(edge.target) });
    const start = flow.nodes.find((n) => n.type === 'start');
    entries.push({ id, name, main, start: start ? link(start.id) : null });
  }
  return { nodes, edges, flows: entries };
}
