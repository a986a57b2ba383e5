// A deterministic world for the pure engine: a clock that only moves when told to, ids id-1, id-2...
// and a contact that keeps the engine's update_contact writes, as the app would persist them.
import { validateFlowSetForPublish, validateForPublish, type FlowDocument, type RunnableFlow } from '@botloom/shared';
import type { NodeHandlers } from '../../server/src/engine/node-handler';
import { initialState, step } from '../../server/src/engine/step';
import { channelContext } from '../../server/src/engine/channel-window';
import type { ChannelName, ContactView, ConversationState, EngineContext, EngineEvent, StepResult } from '../../server/src/engine/types';
import { nodeHandlers } from '../../server/src/nodes/registry';

export const DEFAULT_NOW = '2026-03-02T09:00:00.000Z'; // a Monday

/** An engine event, optionally stamped with the moment it happens (the clock is moved there first). */
export type HarnessEvent = EngineEvent & { at?: string };

export interface HarnessOptions {
  now?: string;
  contact?: ContactView;
  state?: ConversationState;
  handlers?: NodeHandlers;
  /** The channel the conversation runs on; the simulator unless told. */
  channel?: ChannelName;
  /** When the contact last wrote (WhatsApp's 24-hour window); every message event moves it to that moment, as the app does. */
  lastInboundAt?: string;
}

export interface EngineHarness {
  readonly flow: RunnableFlow;
  state: ConversationState;
  contact: ContactView;
  lastInboundAt: string | undefined;
  now(): Date;
  advance(ms: number): void;
  /** Moves the clock to an ISO instant; time never goes backwards. */
  setTime(iso: string): void;
  /** The context the next step will get. */
  ctx(): EngineContext;
  step(event: HarnessEvent): StepResult;
  /** Every effect of every step so far, in order. */
  readonly effects: StepResult['effects'];
}

function mergeInto(target: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of Object.entries(changes)) {
    const current = out[key];
    const bothObjects =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object';
    out[key] = bothObjects ? mergeInto(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

export function createHarness(flow: RunnableFlow, options: HarnessOptions = {}): EngineHarness {
  let clock = Date.parse(options.now ?? DEFAULT_NOW);
  let nextId = 0;
  const handlers = options.handlers ?? nodeHandlers;
  const all: StepResult['effects'] = [];
  const harness: EngineHarness = {
    flow,
    state: options.state ?? initialState(),
    contact: { ...(options.contact ?? {}) },
    lastInboundAt: options.lastInboundAt,
    now: () => new Date(clock),
    advance(ms) {
      if (ms < 0) throw new Error('the harness clock never goes backwards');
      clock += ms;
    },
    setTime(iso) {
      const t = Date.parse(iso);
      if (Number.isNaN(t) || t < clock) throw new Error(`cannot move the clock to ${iso}`);
      clock = t;
    },
    ctx: () => ({
      now: new Date(clock),
      newId: () => `id-${++nextId}`,
      contact: harness.contact,
      channel: channelContext(options.channel ?? 'simulator', harness.lastInboundAt, new Date(clock)),
    }),
    step(event) {
      const { at, ...engineEvent } = event;
      if (at !== undefined) harness.setTime(at);
      if (event.type === 'message' || (event.type === 'start' && event.message)) harness.lastInboundAt = new Date(clock).toISOString();
      const result = step(handlers, flow, harness.state, engineEvent as EngineEvent, harness.ctx());
      harness.state = result.state;
      for (const effect of result.effects) {
        if (effect.type === 'update_contact') harness.contact = mergeInto(harness.contact, effect.attributes);
      }
      all.push(...result.effects);
      return result;
    },
    effects: all,
  };
  return harness;
}

/** Threads the state through step for each event and returns every step's result. */
export function run(flow: RunnableFlow, events: readonly HarnessEvent[], options: HarnessOptions = {}): StepResult[] {
  const harness = createHarness(flow, options);
  return events.map((event) => harness.step(event));
}

/** Validates a flow document exactly as publishing does and returns what the engine runs. */
export function runnable(doc: unknown): RunnableFlow {
  const result = validateForPublish(doc);
  if (!result.flow) throw new Error(`flow does not validate:\n${result.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return result.flow;
}

export type NodeSpec = [id: string, type: string, data?: Record<string, unknown>];
/** [source, handle, target]; a null handle leaves the source's only exit. */
export type EdgeSpec = [source: string, handle: string | null, target: string];

export function flowDoc(nodes: readonly NodeSpec[], edges: readonly EdgeSpec[]): FlowDocument {
  return {
    nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: i * 240, y: 0 }, data: data ?? {} })),
    edges: edges.map(([source, handle, target]) => ({
      id: `${source}.${handle ?? 'out'}->${target}`,
      source,
      target,
      sourceHandle: handle,
    })),
  };
}

/** Builds and validates a flow in one go. */
export function buildFlow(nodes: readonly NodeSpec[], edges: readonly EdgeSpec[]): RunnableFlow {
  return runnable(flowDoc(nodes, edges));
}

/** Flow ids as the server makes them (24 hex digits), for tests of several flows. */
export const FLOW_IDS = { main: 'f00000000000000000000001', faq: 'f00000000000000000000002', other: 'f00000000000000000000003' } as const;

export interface FlowSpec {
  id: string;
  name: string;
  main?: boolean;
  nodes: readonly NodeSpec[];
  edges: readonly EdgeSpec[];
}

/** Several flows of one bot, validated and linked exactly as publishing does. */
export function buildFlowSet(flows: readonly FlowSpec[]): RunnableFlow {
  const result = validateFlowSetForPublish(flows.map((f) => ({ id: f.id, name: f.name, main: f.main === true, ...flowDoc(f.nodes, f.edges) })));
  if (!result.flow) throw new Error(`flows do not validate:\n${result.errors.map((e) => `  ${e.flowId} ${e.path}: ${e.message}`).join('\n')}`);
  return result.flow;
}

export const message = (text: string, id = `m-${text}`): EngineEvent => ({ type: 'message', message: { id, text } });
export const timer = (token: string): EngineEvent => ({ type: 'timer', token });
export const effectResult = (token: string, result: { ok: boolean; data?: unknown; error?: string }): EngineEvent => ({
  type: 'effect_result',
  token,
  result,
});
export const start = (): EngineEvent => ({ type: 'start' });

/** Every message text sent in these results, in order. */
export function sentTexts(results: StepResult | readonly StepResult[]): string[] {
  const list: readonly StepResult[] = 'effects' in results ? [results] : results;
  return list.flatMap((r) => r.effects.flatMap((e) => (e.type === 'send' ? [e.text] : [])));
}
