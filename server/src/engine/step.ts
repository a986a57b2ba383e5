// step(flow, conversation, event) -> { conversation', effects, trace }: the whole engine.
// Pure: time, ids and the contact come in through the context; nothing is read or written outside.
import { implicitHandle, type RunnableFlow, type TypedNode } from '@botloom/shared';
import { indexFlow, type FlowIndex } from './flow-index';
import type { NodeHandler, NodeHandlers, NodeOutcome, NodeRuntime } from './node-handler';
import { createRuntime, type StepScratch } from './runtime';
import type { ConversationState, EngineContext, EngineEvent, StepResult, WaitState } from './types';

/** More node visits than this in one step means a loop the lint could not see (e.g. an old draft). */
export const MAX_NODES_PER_STEP = 500;

export function initialState(): ConversationState {
  return { status: 'active', nodeId: null, vars: {}, wait: null, lastMessage: null };
}

export function step(handlers: NodeHandlers, flow: RunnableFlow, current: ConversationState, event: EngineEvent, ctx: EngineContext): StepResult {
  const scratch: StepScratch = { state: current, contact: { ...ctx.contact }, contactChanges: {}, effects: [], trace: [] };
  const index = indexFlow(flow);
  const first = resolveEvent(handlers, index, scratch, event, ctx);
  if (first) runFrom(handlers, index, scratch, first, ctx);
  if (Object.keys(scratch.contactChanges).length > 0) scratch.effects.push({ type: 'update_contact', attributes: scratch.contactChanges });
  return { state: scratch.state, effects: scratch.effects, trace: scratch.trace };
}

type Continuation = { node: TypedNode; outcome: NodeOutcome } | { enter: TypedNode };

function handlerOf(handlers: NodeHandlers, node: TypedNode): NodeHandler<typeof node.type> {
  return handlers[node.type] as NodeHandler<typeof node.type>;
}

/** Turns an incoming event into the first thing to do, or null when it changes nothing. */
function resolveEvent(handlers: NodeHandlers, index: FlowIndex, s: StepScratch, event: EngineEvent, ctx: EngineContext): Continuation | null {
  const ignore = (reason: string) => (s.trace.push({ type: 'ignored', reason }), null);
  if (event.type === 'start') {
    cancelWaitTimers(s, s.state.wait);
    s.state = { ...reopened(s.state), nodeId: null, wait: null, lastMessage: event.message ? { text: event.message.text } : s.state.lastMessage };
    if (event.flowId !== undefined) {
      const flow = index.flow(event.flowId);
      if (!flow) return (end(s, 'failed', `flow ${event.flowId} is not in this version of the bot`), null);
      if (!flow.start) return (end(s, 'failed', `flow ${flow.name} has no Start node`), null);
      return { enter: flow.start };
    }
    if (!index.start) return (end(s, 'failed', 'the flow has no Start node'), null);
    return { enter: index.start };
  }
  if (event.type === 'resume_at') {
    const node = index.node(event.nodeId);
    if (!node) return ignore(`node ${event.nodeId} is not in this flow`);
    cancelWaitTimers(s, s.state.wait);
    s.state = { ...reopened(s.state), wait: null };
    return { enter: node };
  }
  if (event.type === 'message') s.state = { ...s.state, lastMessage: { text: event.message.text } };
  const wait = s.state.wait;
  if (s.state.status !== 'waiting' || !wait) return ignore(`conversation is ${s.state.status}, not waiting`);
  const node = index.node(wait.nodeId);
  if (!node) return (end(s, 'failed', `the node it waited at (${wait.nodeId}) no longer exists`), null);
  const handler = handlerOf(handlers, node);
  const rt = createRuntime(node.id, s, ctx, index);
  let outcome: NodeOutcome | undefined;
  if (event.type === 'message') {
    if (wait.for !== 'reply' || !handler.onReply) return ignore(`message arrived while waiting for ${wait.for}`);
    outcome = handler.onReply(node.data as never, event.message, wait, rt);
  } else if (event.type === 'timer') {
    if (event.token !== wait.token && event.token !== wait.timeoutToken) return ignore('stale timer');
    outcome = handler.onTimer?.(node.data as never, event.token, wait, rt);
  } else {
    if (wait.for !== 'effect' || event.token !== wait.token) return ignore('stale effect result');
    outcome = handler.onEffectResult?.(node.data as never, event.result, wait, rt);
  }
  if (!outcome) return ignore(`${node.type} does not handle ${event.type}`);
  // the timer that just fired needs no cancelling; only the wait's other timer, if any, does
  if (event.type === 'timer') {
    const unfired = (token: string | undefined) => (token === event.token ? undefined : token);
    s.state = { ...s.state, wait: { ...wait, token: unfired(wait.token), timeoutToken: unfired(wait.timeoutToken) } };
  }
  return { node, outcome };
}

function runFrom(handlers: NodeHandlers, index: FlowIndex, s: StepScratch, first: Continuation, ctx: EngineContext): void {
  let next: Continuation | null = first;
  let visits = 0;
  while (next) {
    if ('enter' in next) {
      if (++visits > MAX_NODES_PER_STEP) return end(s, 'failed', `more than ${MAX_NODES_PER_STEP} steps without waiting: the flow loops`);
      const node: TypedNode = next.enter;
      s.state = { ...s.state, status: 'active', nodeId: node.id, wait: null };
      s.trace.push({ type: 'node_entered', nodeId: node.id, nodeType: node.type });
      const rt: NodeRuntime = createRuntime(node.id, s, ctx, index);
      next = { node, outcome: handlerOf(handlers, node).enter(node.data as never, rt) };
      continue;
    }
    next = apply(index, s, next.node, next.outcome);
  }
}

function apply(index: FlowIndex, s: StepScratch, node: TypedNode, outcome: NodeOutcome): Continuation | null {
  const previousWait = s.state.wait;
  if (outcome.kind === 'wait') {
    const wait: WaitState = { nodeId: node.id, for: outcome.for, token: outcome.token, timeoutToken: outcome.timeoutToken, data: outcome.data ?? {} };
    if (previousWait && previousWait.timeoutToken && previousWait.timeoutToken !== wait.timeoutToken) cancelWaitTimers(s, previousWait);
    s.state = { ...s.state, status: 'waiting', nodeId: node.id, wait };
    s.trace.push({ type: 'waiting', nodeId: node.id, for: outcome.for });
    return null;
  }
  cancelWaitTimers(s, previousWait);
  s.state = { ...s.state, wait: null };
  if (outcome.kind === 'end') return end(s, outcome.status, outcome.reason), null;
  if (outcome.kind === 'handoff') {
    s.state = { ...s.state, status: 'handoff', nodeId: node.id, wait: null };
    s.trace.push({ type: 'handoff', nodeId: node.id, note: outcome.note });
    return null;
  }
  if (outcome.kind === 'jump') {
    // the version pins every flow: a jump continues in the target flow as it was published with this one
    const flow = index.flow(outcome.flowId);
    if (!flow?.start) return end(s, 'failed', `the flow ${node.id} goes to (${outcome.flowId}) is not in this version of the bot`), null;
    s.trace.push({ type: 'jumped', nodeId: node.id, flowId: outcome.flowId, flowName: flow.name, to: flow.start.id });
    return { enter: flow.start };
  }
  const target = index.target(node.id, outcome.handle);
  const targetNode = target === undefined ? undefined : index.node(target);
  if (!targetNode) {
    // the last step's only way out, unconnected, is how a flow finishes; one branch of several
    // leading nowhere is worth telling the builder about, so the journal says which exit it was
    const branch = implicitHandle(node.type, node.data as Record<string, unknown>) === undefined;
    return end(s, 'completed', `nothing is connected to the "${outcome.handle}" exit of ${node.id}`, branch ? outcome.handle : undefined), null;
  }
  s.trace.push({ type: 'edge_followed', from: node.id, handle: outcome.handle, to: targetNode.id });
  return { enter: targetNode };
}

/** An active conversation again: the reason it last ended no longer applies. */
function reopened({ endReason: _ended, ...state }: ConversationState): ConversationState {
  return { ...state, status: 'active' };
}

/** A wait that is over no longer needs its timeout timer; cancelling is tidiness, stale timers are no-ops anyway. */
function cancelWaitTimers(s: StepScratch, wait: WaitState | null): void {
  if (!wait) return;
  for (const token of [wait.for === 'timer' ? wait.token : undefined, wait.timeoutToken]) {
    if (token) s.effects.push({ type: 'cancel_timer', token });
  }
}

function end(s: StepScratch, status: 'completed' | 'failed', reason: string, exit?: string): void {
  s.state = { ...s.state, status, wait: null, endReason: reason };
  s.trace.push({ type: 'ended', status, nodeId: s.state.nodeId, reason, ...(exit ? { exit } : {}) });
}
