// Which timers a conversation has armed, derived in one place for every write: the timers its state
// still waits on (a `timer` wait's token, a reply wait's timeout), with the due times the engine gave
// them when it scheduled them. A conversation that is not waiting (taken over by an agent, ended,
// running) has none, so a takeover or an end clears its timers in the same write, never in a second one.
import type { ConversationState, Effect } from '../engine/types';
import type { ArmedTimer, ConversationRecord } from '../ports/conversation-store';

export type TimerEffect = Extract<Effect, { type: 'schedule_timer' | 'cancel_timer' }>;

/** Timer effects are carried by the step's own write (the conversation's `timers`), never left pending. */
export function isTimerEffect(effect: Effect): effect is TimerEffect {
  return effect.type === 'schedule_timer' || effect.type === 'cancel_timer';
}

/** The tokens of the timers a state waits on. */
function awaitedTokens(state: ConversationState): Set<string> {
  const wait = state.wait;
  if (state.status !== 'waiting' || !wait) return new Set();
  return new Set([wait.for === 'timer' ? wait.token : undefined, wait.timeoutToken].filter((t): t is string => typeof t === 'string'));
}

/** The timers armed after a step: those before it and those it scheduled, less any the new state no longer waits on. */
export function armedTimers(before: ArmedTimer[] | undefined, effects: Effect[], state: ConversationState): ArmedTimer[] {
  const byToken = new Map((before ?? []).map((t) => [t.token, t]));
  for (const effect of effects) {
    if (effect.type === 'schedule_timer') byToken.set(effect.token, { token: effect.token, at: new Date(effect.at) });
    else if (effect.type === 'cancel_timer') byToken.delete(effect.token);
  }
  const awaited = awaitedTokens(state);
  return [...byToken.values()].filter((t) => awaited.has(t.token));
}

export function sameTimers(a: ArmedTimer[] | undefined, b: ArmedTimer[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((t, i) => t.token === y[i]!.token && t.at.getTime() === y[i]!.at.getTime());
}

export function isArmed(record: ConversationRecord, token: string): boolean {
  return (record.timers ?? []).some((t) => t.token === token);
}
