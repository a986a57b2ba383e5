import type { NodeHandler, NodeOutcome, NodeRuntime } from '../../engine/node-handler';
import { addDuration } from '../../engine/durations';
import type { DurationUnit } from '../../engine/durations';

/** Schedules a timer and returns its token. */
export function scheduleTimer(rt: NodeRuntime, amount: number, unit: DurationUnit): string {
  const token = rt.newId();
  rt.emit({ type: 'schedule_timer', nodeId: rt.nodeId, token, at: addDuration(rt.now, amount, unit) });
  return token;
}

export function replyWait(rt: NodeRuntime, timeout: { duration: number; unit: DurationUnit } | undefined, data: Record<string, unknown> = {}): NodeOutcome {
  const timeoutToken = timeout ? scheduleTimer(rt, timeout.duration, timeout.unit) : undefined;
  return { kind: 'wait', for: 'reply', timeoutToken, data };
}

export const waitHandler: NodeHandler<'wait'> = {
  enter(config, rt) {
    if (config.mode === 'reply') return replyWait(rt, config.timeout);
    const token = scheduleTimer(rt, config.duration ?? 0, config.unit ?? 'minutes');
    return { kind: 'wait', for: 'timer', token };
  },
  onReply(config, message, _wait, rt) {
    if (config.save_as) rt.set(config.save_as, message.text);
    return { kind: 'next', handle: 'reply' };
  },
  onTimer(config) {
    return { kind: 'next', handle: config.mode === 'reply' ? 'timeout' : 'out' };
  },
};
