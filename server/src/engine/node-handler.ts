// The contract every node type implements. Handlers are pure: they read the runtime, record
// effects through it, and say where the conversation goes next.
import type { NodeConfigByType, NodeType } from '@botloom/shared';
import type { ChannelContext, EffectResult, Effect, InboundMessage, OutgoingMessage, TraceEntry, TraceProblem, WaitKind, WaitState } from './types';

export type NodeOutcome =
  | { kind: 'next'; handle: string }
  | { kind: 'wait'; for: WaitKind; token?: string; timeoutToken?: string; data?: Record<string, unknown> }
  | { kind: 'end'; status: 'completed' | 'failed'; reason: string }
  /** A person takes over: the bot does nothing more until an agent hands the conversation back. */
  | { kind: 'handoff'; note: string }
  /** Goes on in another flow of the bot, from its Start (same conversation, same variables). */
  | { kind: 'jump'; flowId: string };

export interface NodeRuntime {
  readonly nodeId: string;
  readonly now: Date;
  newId(): string;
  /** Fills {{...}} placeholders; missing values render empty. */
  render(template: string): string;
  /** Like render, with every filled-in value percent-encoded (for URLs). */
  renderUrl(template: string): string;
  /** Like render, but a template that is one placeholder keeps the value's type. */
  renderValue(template: string): unknown;
  renderDeep(value: unknown): unknown;
  get(path: string): unknown;
  /** Writes state.* (or a bare name) and contact.* variables. */
  set(path: string, value: unknown): void;
  send(message: OutgoingMessage): void;
  emit(effect: Effect): void;
  /** Journals a note; with a problem, one staff are shown in the simulator, the inbox and the replay. */
  note(message: string, problem?: TraceProblem): void;
  /** The contact's time zone, when known. */
  readonly timezone: string | undefined;
  /** The channel the conversation runs on and whether WhatsApp's 24-hour window is open. */
  readonly channel: ChannelContext;
  /** True when an edge leaves this node through the exit (for optional exits such as "failed"). */
  isConnected(handle: string): boolean;
}

export interface NodeHandler<T extends NodeType> {
  enter(config: NodeConfigByType[T], rt: NodeRuntime): NodeOutcome;
  onReply?(config: NodeConfigByType[T], message: InboundMessage, wait: WaitState, rt: NodeRuntime): NodeOutcome;
  onTimer?(config: NodeConfigByType[T], token: string, wait: WaitState, rt: NodeRuntime): NodeOutcome;
  onEffectResult?(config: NodeConfigByType[T], result: EffectResult, wait: WaitState, rt: NodeRuntime): NodeOutcome;
}

export type NodeHandlers = { [T in NodeType]: NodeHandler<T> };

export type { TraceEntry };
