// Builds the NodeRuntime a handler sees for one node, collecting effects and variable writes.
import { renderDeep, renderTemplate, renderUrl, renderValue } from './interpolate';
import type { FlowIndex } from './flow-index';
import type { NodeRuntime } from './node-handler';
import type { ConversationState, Effect, EngineContext, TraceEntry } from './types';
import { getVariable, normalizeVariable, writePath, type Scope } from './variables';

export interface StepScratch {
  state: ConversationState;
  contact: Record<string, unknown>;
  contactChanges: Record<string, unknown>;
  effects: Effect[];
  trace: TraceEntry[];
}

export function createRuntime(nodeId: string, scratch: StepScratch, ctx: EngineContext, index: FlowIndex): NodeRuntime {
  const scope = (): Scope => ({
    state: scratch.state.vars,
    contact: scratch.contact,
    message: scratch.state.lastMessage ?? {},
  });
  return {
    nodeId,
    now: ctx.now,
    newId: () => ctx.newId(),
    timezone: typeof scratch.contact.timezone === 'string' ? scratch.contact.timezone : undefined,
    channel: ctx.channel,
    isConnected: (handle) => index.target(nodeId, handle) !== undefined,
    render: (template) => renderTemplate(template, scope()),
    renderUrl: (template) => renderUrl(template, scope()),
    renderValue: (template) => renderValue(template, scope()),
    renderDeep: (value) => renderDeep(value, scope()),
    get: (path) => getVariable(scope(), path),
    set(path, value) {
      const { scope: target, segments } = normalizeVariable(path);
      if (target === 'state') scratch.state = { ...scratch.state, vars: writePath(scratch.state.vars, segments, value) };
      else if (target === 'contact' && segments.length > 0) {
        scratch.contact = writePath(scratch.contact, segments, value);
        scratch.contactChanges = writePath(scratch.contactChanges, segments, value);
      }
      // message.* is what the contact said; it is never written
    },
    send: (message) => scratch.effects.push({ type: 'send', nodeId, ...message }),
    emit: (effect) => scratch.effects.push(effect),
    aiUsage: (usage) => scratch.trace.push({ type: 'ai_usage', nodeId, ...usage }),
    note: (message, problem) => scratch.trace.push({ type: 'note', nodeId, message, ...(problem ? { problem } : {}) }),
  };
}
