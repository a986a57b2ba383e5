import { describe, expect, it } from 'vitest';
import { decideEventTriggers, type EventTrigger } from './event-match';

let n = 0;
function trigger(over: Partial<EventTrigger>): EventTrigger {
  n += 1;
  return { id: `e${n}`, name: `Event ${n}`, active: true, priority: 0, event: 'new_contact', conditions: [], createdAt: new Date(2026, 0, n), ...over };
}

describe('event triggers', () => {
  it('fires on its event when the contact meets every condition', () => {
    const londoners = trigger({ name: 'Welcome Londoners', conditions: [{ field: 'contact.city', operator: '==', value: 'London' }, { field: 'channel', operator: '==', value: 'whatsapp' }] });
    const fromLondon = decideEventTriggers([londoners], { event: 'new_contact', contact: { city: 'london', channel: 'whatsapp' }, triggerChain: [] });
    expect(fromLondon.winner?.name).toBe('Welcome Londoners');
    expect(fromLondon.winner?.reason).toBe('new_contact happened and the contact meets “contact.city is equal to “London””, “channel is equal to “whatsapp””');
    const fromParis = decideEventTriggers([londoners], { event: 'new_contact', contact: { city: 'Paris', channel: 'whatsapp' }, triggerChain: [] });
    expect(fromParis.winner).toBeNull();
    expect(fromParis.verdicts[0]!.reason).toBe('the contact does not meet “contact.city is equal to “London””');
  });

  it('ignores other events and switched-off triggers', () => {
    const optIn = trigger({ event: 'opt_in' });
    const off = trigger({ event: 'flow_completed', active: false });
    const decision = decideEventTriggers([optIn, off], { event: 'flow_completed', contact: {}, triggerChain: [] });
    expect(decision.winner).toBeNull();
    expect(decision.verdicts.map((v) => v.reason)).toEqual(['the trigger is switched off']);
  });

  it('never fires a trigger from a conversation it started, so it cannot loop', () => {
    const feedback = trigger({ name: 'Ask for feedback', event: 'flow_completed' });
    const again = decideEventTriggers([feedback], { event: 'flow_completed', contact: {}, triggerChain: ['other', feedback.id] });
    expect(again.winner).toBeNull();
    expect(again.verdicts[0]!.reason).toContain('would loop');
    expect(decideEventTriggers([feedback], { event: 'flow_completed', contact: {}, triggerChain: ['other'] }).winner?.name).toBe('Ask for feedback');
  });

  it('starts only the highest priority of several that fire', () => {
    const a = trigger({ name: 'A', event: 'appointment_booked', priority: 1 });
    const b = trigger({ name: 'B', event: 'appointment_booked', priority: 3, conditions: [{ field: 'tags', operator: 'contains', value: 'vip' }] });
    const vip = decideEventTriggers([a, b], { event: 'appointment_booked', contact: { tags: ['vip', 'new'] }, triggerChain: [] });
    expect(vip.winner?.name).toBe('B');
    expect(vip.verdicts[1]).toMatchObject({ name: 'A', fires: false, reason: expect.stringContaining('“B” comes first') });
    const regular = decideEventTriggers([a, b], { event: 'appointment_booked', contact: { tags: ['new'] }, triggerChain: [] });
    expect(regular.winner?.name).toBe('A');
  });
});
