// The bot's own bookings get reminders too: wraps the calendar port the runtime uses so that an
// appointment booked (or moved, which books the new time and cancels the old) in a conversation is
// planned, and one cancelled there loses its jobs. Planning never fails the booking: a failure is
// logged, and the reminders sweep plans what is missing.
import type { BookingPort } from '../../ports/booking';
import type { Reminders } from './appointment-reminders';

export function withReminders(booking: BookingPort, reminders: Pick<Reminders, 'planFor' | 'cancelFor'>, logError: (msg: string, extra?: Record<string, unknown>) => void): BookingPort {
  async function quietly(what: string, appointmentId: string, task: () => Promise<void>): Promise<void> {
    await task().catch((err: unknown) => logError(`could not ${what} an appointment's reminders (the sweep will)`, { appointmentId, error: err instanceof Error ? err.message : String(err) }));
  }
  return {
    async handle(request, ctx) {
      const result = await booking.handle(request, ctx);
      const appointment = result.ok ? (result.data as { appointment?: { id?: string } | null } | undefined)?.appointment : null;
      if (!appointment?.id) return result;
      if (request.op === 'book') {
        await quietly('plan', appointment.id, () => reminders.planFor(appointment.id!));
        const replaced = request.replaceAppointmentId;
        if (replaced) await quietly('cancel', replaced, () => reminders.cancelFor(replaced));
      } else if (request.op === 'cancel') await quietly('cancel', appointment.id, () => reminders.cancelFor(appointment.id!));
      return result;
    },
  };
}
