// Which event triggers an event fires. Pure. Conditions read the contact's fields
// (`contact.city`, `tags`...) with the same comparisons as the condition node. A conversation
// started by a trigger carries the chain of triggers that led to it, and an event of that
// conversation never fires a trigger already in its chain: no trigger can fire itself in a loop
// (flow_completed starting the flow that completes again, opt_in starting a flow that asks again).
import { OPERATOR_WORDS, type Operator } from '@botloom/shared';
import { compare } from '../../engine/conditions';
import { readPath } from '../../engine/variables';
import { byPriority } from './keyword-match';

export type TriggerEvent = 'new_contact' | 'message_received' | 'opt_in' | 'opt_out' | 'flow_completed' | 'flow_failed' | 'appointment_booked' | 'appointment_cancelled';

export interface ContactCondition {
  field: string;
  operator: Operator;
  value?: string | number | boolean;
}

export interface EventTrigger {
  id: string;
  name: string;
  active: boolean;
  priority: number;
  event: TriggerEvent;
  conditions: ContactCondition[];
  createdAt: Date;
}

export interface EventOccurrence {
  event: TriggerEvent;
  /** The contact's fields as conditions see them: attributes, plus address, channel, tags... */
  contact: Record<string, unknown>;
  /** The triggers that started the conversation this event comes from (oldest first), if any. */
  triggerChain: readonly string[];
}

export interface EventVerdict {
  triggerId: string;
  name: string;
  fires: boolean;
  reason: string;
}

function fieldValue(contact: Record<string, unknown>, field: string): unknown {
  const path = field.startsWith('contact.') ? field.slice('contact.'.length) : field;
  return readPath(contact, path.split('.'));
}


function describe(condition: ContactCondition): string {
  const value = condition.operator === 'is_empty' ? '' : ` “${String(condition.value ?? '')}”`;
  return `${condition.field} ${OPERATOR_WORDS[condition.operator]}${value}`;
}

export function judgeEventTrigger(trigger: EventTrigger, occurrence: EventOccurrence): EventVerdict {
  const base = { triggerId: trigger.id, name: trigger.name };
  if (trigger.event !== occurrence.event) return { ...base, fires: false, reason: `it listens for ${trigger.event}, not ${occurrence.event}` };
  if (!trigger.active) return { ...base, fires: false, reason: 'the trigger is switched off' };
  if (occurrence.triggerChain.includes(trigger.id)) {
    return { ...base, fires: false, reason: 'the event comes from a conversation this trigger started: firing again would loop' };
  }
  const failed = trigger.conditions.find((c) => !compare({ left: fieldValue(occurrence.contact, c.field), operator: c.operator, right: c.value, caseSensitive: false }));
  if (failed) return { ...base, fires: false, reason: `the contact does not meet “${describe(failed)}”` };
  const met = trigger.conditions.length ? ` and the contact meets ${trigger.conditions.map((c) => `“${describe(c)}”`).join(', ')}` : '';
  return { ...base, fires: true, reason: `${occurrence.event} happened${met}` };
}

/**
 * The triggers an event fires, best first. A contact is in one conversation at a time, so the
 * runtime starts the first; the others are logged as outranked.
 */
export function decideEventTriggers(triggers: EventTrigger[], occurrence: EventOccurrence): { winner: EventVerdict | null; verdicts: EventVerdict[] } {
  const verdicts = triggers
    .filter((t) => t.event === occurrence.event)
    .sort(byPriority)
    .map((t) => judgeEventTrigger(t, occurrence));
  const winner = verdicts.find((v) => v.fires) ?? null;
  for (const v of verdicts) {
    if (v.fires && v !== winner) {
      v.fires = false;
      v.reason += `, but “${winner!.name}” comes first`;
    }
  }
  return { winner, verdicts };
}
