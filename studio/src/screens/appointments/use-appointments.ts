// Loads what one calendar shows for the days on screen: its appointments and its free slots.
import { useCallback, useEffect, useState } from 'react';
import { appointmentsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BookedAppointment, FreeSlot } from '../../api/types';
import type { CalendarDay } from './calendar-span';

export function useAppointments(botId: string, resourceId: string | null, days: CalendarDay[]) {
  const [appointments, setAppointments] = useState<BookedAppointment[] | null>(null);
  const [slots, setSlots] = useState<FreeSlot[]>([]);
  const [error, setError] = useState<string | null>(null);
  const from = days[0]?.from.toUTC().toISO() ?? '';
  const to = days[days.length - 1]?.to.toUTC().toISO() ?? '';

  const load = useCallback(async () => {
    if (!resourceId) return;
    try {
      const [booked, free] = await Promise.all([
        appointmentsApi.list(botId, { resourceId, from, to }),
        appointmentsApi.freeSlots(botId, resourceId, { from, to }),
      ]);
      setAppointments(booked);
      setSlots(free);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId, resourceId, from, to]);

  useEffect(() => {
    setAppointments(null);
    void load();
  }, [load]);

  return { appointments, slots, error, reload: load };
}
