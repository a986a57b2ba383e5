// Structural checks of a flow graph, beyond what JSON Schema can say: one start, edges between
// real nodes and handles, reachability, and cycles that would spin forever without waiting.
import { activeHandles, DYNAMIC_HANDLE, implicitHandle, isNodeType, nodeCatalogue } from './catalogue';
import { issue, type FlowIssue } from './issues';
import type { FlowDocument } from './flow-types';

interface LintResult {
  errors: FlowIssue[];
  problems: FlowIssue[];
}

export function lintGraph(flow: FlowDocument): LintResult {
  const errors: FlowIssue[] = [];
  const problems: FlowIssue[] = [];
  const nodeIndex = new Map<string, number>();
  flow.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) errors.push(issue(`/nodes/${i}/id`, `Two nodes have the id "${node.id}"`, { nodeId: node.id }));
    else nodeIndex.set(node.id, i);
  });

  const starts = flow.nodes.flatMap((n, i) => (n.type === 'start' ? [i] : []));
  starts.slice(1).forEach((i) =>
    errors.push(issue(`/nodes/${i}/type`, 'A flow has exactly one Start; remove this one', { nodeId: flow.nodes[i]?.id })),
  );
  if (starts.length === 0) problems.push(issue('/nodes', 'Add a Start node: every conversation begins there'));

  const edgeIds = new Set<string>();
  const outgoing = new Map<string, string[]>();
  const usedHandles = new Map<string, number>();
  flow.edges.forEach((edge, j) => {
    const at = `/edges/${j}`;
    if (edgeIds.has(edge.id)) errors.push(issue(`${at}/id`, `Two edges have the id "${edge.id}"`, { edgeId: edge.id }));
    edgeIds.add(edge.id);
    const source = flow.nodes[nodeIndex.get(edge.source) ?? -1];
    const target = flow.nodes[nodeIndex.get(edge.target) ?? -1];
    if (!source) return void errors.push(issue(`${at}/source`, `Edge starts at a node that does not exist: "${edge.source}"`, { edgeId: edge.id }));
    if (!target) return void errors.push(issue(`${at}/target`, `Edge leads to a node that does not exist: "${edge.target}"`, { edgeId: edge.id }));
    if (!isNodeType(source.type) || !isNodeType(target.type)) return; // reported by the node checks
    if (target.type === 'start') {
      return void errors.push(issue(`${at}/target`, 'Nothing can lead into Start', { edgeId: edge.id, nodeId: target.id }));
    }
    const handles = nodeCatalogue[source.type].handles;
    // a node with one way out (with its current settings, optional exits aside) may leave the edge's handle unset
    const active = activeHandles(source.type, source.data);
    const handle = edge.sourceHandle ?? implicitHandle(source.type, source.data);
    if (handles.length === 0) {
      return void errors.push(issue(at, `${nodeCatalogue[source.type].label} has no way out`, { edgeId: edge.id, nodeId: source.id }));
    }
    // exits the builder names (intents) are well-formed whatever the name; one no setting names is a problem below
    const named = nodeCatalogue[source.type].dynamicHandles && handle !== undefined && DYNAMIC_HANDLE.test(handle);
    if (handle === undefined || (!handles.includes(handle) && !named)) {
      const what = handle === undefined ? 'Edge does not say which exit it leaves from' : `Unknown exit "${handle}"`;
      return void errors.push(
        issue(`${at}/sourceHandle`, `${what}; ${nodeCatalogue[source.type].label} has: ${handles.join(', ')}`, { edgeId: edge.id, nodeId: source.id }),
      );
    }
    if (!active.includes(handle)) {
      problems.push(issue(`${at}/sourceHandle`, `Exit "${handle}" is not used with these settings; remove this connection`, { edgeId: edge.id, nodeId: source.id }));
    }
    const key = `${source.id}\u0000${handle}`;
    usedHandles.set(key, (usedHandles.get(key) ?? 0) + 1);
    if (usedHandles.get(key) === 2) {
      problems.push(issue(at, `Exit "${handle}" is connected twice; connect it to one node only`, { edgeId: edge.id, nodeId: source.id }));
    }
    outgoing.set(source.id, [...(outgoing.get(source.id) ?? []), target.id]);
  });

  const start = flow.nodes[starts[0] ?? -1];
  // a new bot is just a Start: nothing is wrong yet (publishing still refuses it, see startLeadsNowhere)
  if (start && !outgoing.has(start.id) && flow.nodes.length > 1) {
    problems.push(issue(`/nodes/${starts[0]}`, 'Connect Start to the first step of the conversation', { nodeId: start.id }));
  }
  if (start) problems.push(...unreachable(flow, start.id, outgoing));
  problems.push(...spinningCycles(flow, nodeIndex, outgoing));
  return { errors, problems };
}

function unreachable(flow: FlowDocument, startId: string, outgoing: Map<string, string[]>): FlowIssue[] {
  const seen = new Set([startId]);
  const queue = [startId];
  while (queue.length > 0) {
    for (const next of outgoing.get(queue.shift()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return flow.nodes.flatMap((n, i) =>
    seen.has(n.id) ? [] : [issue(`/nodes/${i}`, 'No path from Start reaches this node', { nodeId: n.id, severity: 'warning' })],
  );
}

/** Tarjan's strongly connected components; a cycle with no waiting node would run forever. */
function spinningCycles(flow: FlowDocument, nodeIndex: Map<string, number>, outgoing: Map<string, string[]>): FlowIssue[] {
  const found: FlowIssue[] = [];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of outgoing.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    const isCycle = component.length > 1 || (outgoing.get(v) ?? []).includes(v);
    const waits = component.some((id) => {
      const type = flow.nodes[nodeIndex.get(id)!]?.type ?? '';
      return isNodeType(type) && nodeCatalogue[type].waits;
    });
    if (isCycle && !waits) {
      const first = component.sort()[0]!;
      found.push(
        issue(`/nodes/${nodeIndex.get(first)}`, `These steps loop forever without waiting for the contact: ${component.join(', ')}. Add a Wait or a question to the loop`, { nodeId: first }),
      );
    }
  };
  // recursion depth is bounded: the schema caps a flow at 2000 nodes
  for (const node of flow.nodes) if (!index.has(node.id)) visit(node.id);
  return found;
}

/** A flow whose Start leads nowhere answers nobody: a draft may be so, a published version may not. */
export function startLeadsNowhere(flow: FlowDocument): FlowIssue | null {
  const i = flow.nodes.findIndex((n) => n.type === 'start');
  if (i < 0 || flow.edges.some((e) => e.source === flow.nodes[i]!.id)) return null;
  return issue(`/nodes/${i}`, 'Connect Start to the first step of the conversation: as it is, the bot would answer nobody', { nodeId: flow.nodes[i]!.id });
}
