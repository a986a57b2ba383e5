// "Can I come tomorrow at 3?": the free slots nearest to the time a contact asked for. A slot
// before the wished time counts as twice as far as one after it, so "Friday" (midnight) offers
// Friday's first slots rather than Thursday evening's, and "at 3" offers 3:00, 3:30, then 2:30.
import { nextFreeSlots, type BookableResource, type Slot } from './slots';

/** Enough to cover any horizon of slots a calendar offers (the horizon still bounds it). */
const MAX_SCANNED = 5_000;
const EARLIER_WEIGHT = 2;

export function nearestFreeSlots(resource: BookableResource, now: Date, taken: ReadonlyArray<Date>, count: number, preferred: Date): Slot[] {
  const wanted = Math.floor(count);
  if (!(wanted > 0)) return [];
  const at = preferred.getTime();
  const distance = (slot: Slot) => {
    const d = slot.start.getTime() - at;
    return d >= 0 ? d : -d * EARLIER_WEIGHT;
  };
  return nextFreeSlots(resource, now, taken, MAX_SCANNED)
    .map((slot) => ({ slot, far: distance(slot) }))
    .sort((a, b) => a.far - b.far || a.slot.start.getTime() - b.slot.start.getTime())
    .slice(0, wanted)
    .map(({ slot }) => slot)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
