// Booking inside the chat. The node talks to the calendar through booking effects whose results
// come back as events, so a crash between asking and hearing back is recovered, never half-done.
//   book:       offer -> contact picks -> book (taken meanwhile? offer again) -> booked
//   reschedule: find the contact's booking -> same as book, replacing it -> booked
//   cancel:     find and cancel the contact's next booking -> cancelled
import type { BookAppointmentConfig } from '@botloom/shared';
import type { NodeHandler, NodeOutcome, NodeRuntime } from '../../engine/node-handler';
import type { BookingRequest } from '../../engine/types';
import { pickChoice } from '../ask/answers';
import { replyWait } from '../wait/handler';

export interface OfferedSlot {
  start: string;
  end: string;
  label: string;
}

export interface BookedAppointment {
  id: string;
  start: string;
  end: string;
  label: string;
  status: string;
}

const DEFAULT_PROMPT = 'Which time suits you? Reply with its number.';

function request(rt: NodeRuntime, req: BookingRequest, data: Record<string, unknown>): NodeOutcome {
  const token = rt.newId();
  rt.emit({ type: 'booking', nodeId: rt.nodeId, token, request: req });
  return { kind: 'wait', for: 'effect', token, data };
}

/** The instant the builder's "preferred time" names (an AI step's date, say), when it is one. */
function preferredTime(config: BookAppointmentConfig, rt: NodeRuntime): string | undefined {
  if (!config.preferred_time?.trim()) return undefined;
  const value = rt.renderValue(config.preferred_time);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : '';
  const at = Date.parse(text);
  return text && !Number.isNaN(at) ? new Date(at).toISOString() : undefined;
}

function offer(config: BookAppointmentConfig, rt: NodeRuntime, replacing: string | undefined): NodeOutcome {
  const near = preferredTime(config, rt);
  const req: BookingRequest = { op: 'offer', resourceId: config.resource_id, count: config.offer_count ?? 3, timezone: rt.timezone, ...(near ? { near } : {}) };
  return request(rt, req, { phase: 'offer', replacing });
}

function saveAs(config: BookAppointmentConfig): string {
  return config.save_as ?? 'appointment';
}

export const bookAppointmentHandler: NodeHandler<'book_appointment'> = {
  enter(config, rt) {
    const action = config.action ?? 'book';
    if (action === 'book') return offer(config, rt, undefined);
    return request(rt, { op: 'find_next', resourceId: config.resource_id, timezone: rt.timezone }, { phase: 'find' });
  },

  onEffectResult(config, result, wait, rt) {
    const phase = wait.data.phase;
    const replacing = typeof wait.data.replacing === 'string' ? wait.data.replacing : undefined;
    if (!result.ok && phase !== 'book') {
      rt.note(`calendar error: ${result.error ?? 'unknown'}`, { kind: 'calendar_failed', detail: result.error ?? 'unknown' });
      return { kind: 'next', handle: 'unavailable' };
    }
    const data = (result.data ?? {}) as { slots?: OfferedSlot[]; appointment?: BookedAppointment | null };
    if (phase === 'find') {
      if (!data.appointment) return { kind: 'next', handle: 'unavailable' };
      if ((config.action ?? 'book') === 'cancel') return request(rt, { op: 'cancel', appointmentId: data.appointment.id }, { phase: 'cancel' });
      return offer(config, rt, data.appointment.id);
    }
    if (phase === 'cancel') {
      rt.set(saveAs(config), data.appointment ?? null);
      return { kind: 'next', handle: 'cancelled' };
    }
    if (phase === 'offer') {
      const slots = data.slots ?? [];
      if (slots.length === 0) return { kind: 'next', handle: 'unavailable' };
      rt.send({ text: rt.render(config.prompt ?? DEFAULT_PROMPT), choices: slots.map((s) => s.label) });
      return replyWait(rt, config.timeout, { phase: 'choose', slots, replacing });
    }
    // phase 'book'
    if (result.ok && data.appointment) {
      rt.set(saveAs(config), data.appointment);
      if (config.confirmation) rt.send({ text: rt.render(config.confirmation) });
      return { kind: 'next', handle: 'booked' };
    }
    rt.send({ text: 'Sorry, that time was just taken.' });
    return offer(config, rt, replacing);
  },

  onReply(config, message, wait, rt) {
    const slots = (wait.data.slots ?? []) as OfferedSlot[];
    const label = pickChoice(message.text, slots.map((s) => s.label));
    const slot = slots.find((s) => s.label === label);
    if (!slot) {
      rt.send({ text: `Please reply with a number from 1 to ${slots.length}.`, choices: slots.map((s) => s.label) });
      return { kind: 'wait', for: 'reply', timeoutToken: wait.timeoutToken, data: wait.data };
    }
    const replacing = typeof wait.data.replacing === 'string' ? wait.data.replacing : undefined;
    const req: BookingRequest = { op: 'book', resourceId: config.resource_id, start: slot.start, timezone: rt.timezone, replaceAppointmentId: replacing };
    return request(rt, req, { phase: 'book', replacing });
  },

  onTimer() {
    return { kind: 'next', handle: 'unavailable' };
  },
};
