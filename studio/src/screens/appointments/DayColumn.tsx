// One day of a calendar: its appointments (who, phone, status, reminders) and its free slots, by time.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowsMove, IconBell, IconCircleCheck, IconCircleX, IconPlus, IconX } from '@tabler/icons-react';
import { DateTime } from 'luxon';
import type { BookedAppointment, FreeSlot } from '../../api/types';
import { entriesOfDay, timeOf, type CalendarDay } from './calendar-span';

interface Props {
  day: CalendarDay;
  zone: string;
  appointments: BookedAppointment[];
  slots: FreeSlot[];
  canManage: boolean;
  /** The appointment being moved: free slots then offer "Move here". */
  moving: BookedAppointment | null;
  onPickSlot: (slot: FreeSlot) => void;
  onMove: (appointment: BookedAppointment) => void;
  onCancel: (appointment: BookedAppointment) => void;
}

const OUTCOME_WORD = { planned: '', sent: 'sent ', skipped: 'skipped ' } as const;

/** "Reminders: Mon 12 Jan 20:59 · sent Tue 13 Jan 09:00" in the calendar's zone; a skipped one says why on hover. */
function RemindersLine({ reminders, zone }: { reminders: NonNullable<BookedAppointment['reminders']>; zone: string }) {
  return (
    <Text size="xs" c="gray.7" data-testid="appointment-reminders">
      <IconBell size={11} aria-hidden /> Reminders:{' '}
      {reminders.map((r, i) => (
        <span key={r.ruleIndex} title={r.reason}>
          {i > 0 ? ' · ' : ''}
          {OUTCOME_WORD[r.outcome]}
          {DateTime.fromISO(r.at, { zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')}
        </span>
      ))}
    </Text>
  );
}

function AppointmentCard({
  appointment: a,
  zone,
  canManage,
  moving,
  onMove,
  onCancel,
}: { appointment: BookedAppointment; zone: string } & Pick<Props, 'canManage' | 'moving' | 'onMove' | 'onCancel'>) {
  const cancelled = a.status === 'cancelled';
  const who = a.contactName ?? a.contact ?? 'Unknown contact';
  return (
    <Card
      withBorder
      padding="xs"
      radius="md"
      component="li"
      data-appointment={a.id}
      data-status={a.status}
      bg={cancelled ? 'gray.0' : moving?.id === a.id ? 'indigo.0' : undefined}
    >
      <Group justify="space-between" wrap="wrap" gap={4}>
        <Text fw={650} size="sm" td={cancelled ? 'line-through' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {timeOf(a.start, zone)}–{timeOf(a.end, zone)}
        </Text>
        {cancelled ? (
          <Badge size="xs" color="gray" variant="light" leftSection={<IconCircleX size={12} aria-hidden />}>
            Cancelled
          </Badge>
        ) : (
          <Badge size="xs" color="teal" c="teal.9" variant="light" leftSection={<IconCircleCheck size={12} aria-hidden />}>
            Confirmed
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={500}>
        {who}
      </Text>
      {a.contact && a.contactName && (
        <Text size="xs" c="gray.7">
          {a.contact}
        </Text>
      )}
      {!cancelled && (a.reminders?.length ?? 0) > 0 && <RemindersLine reminders={a.reminders!} zone={zone} />}
      {canManage && !cancelled && (
        <Group gap={4} mt={4}>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconArrowsMove size={12} />}
            onClick={() => onMove(a)}
            aria-label={`Move ${who}'s appointment at ${timeOf(a.start, zone)}`}
          >
            Move
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<IconX size={12} />}
            onClick={() => onCancel(a)}
            aria-label={`Cancel ${who}'s appointment at ${timeOf(a.start, zone)}`}
          >
            Cancel
          </Button>
        </Group>
      )}
    </Card>
  );
}

export function DayColumn({ day, zone, appointments, slots, canManage, moving, onPickSlot, onMove, onCancel }: Props) {
  const entries = entriesOfDay(day, appointments, slots);
  return (
    <Stack gap={6} component="section" aria-label={day.heading} data-day={day.date} miw={0}>
      <Title order={2} size="h5">
        {day.heading}
      </Title>
      {entries.length === 0 && (
        <Text size="sm" c="gray.7">
          Closed, or nothing free.
        </Text>
      )}
      <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {entries.map((e) =>
          e.kind === 'appointment' ? (
            <AppointmentCard
              key={e.appointment.id}
              appointment={e.appointment}
              zone={zone}
              canManage={canManage}
              moving={moving}
              onMove={onMove}
              onCancel={onCancel}
            />
          ) : (
            <li key={e.slot.start} data-free-slot={e.slot.start}>
              {canManage ? (
                <Button
                  fullWidth
                  size="xs"
                  variant={moving ? 'light' : 'default'}
                  color={moving ? 'indigo' : undefined}
                  justify="space-between"
                  rightSection={moving ? <IconArrowsMove size={14} aria-hidden /> : <IconPlus size={14} aria-hidden />}
                  onClick={() => onPickSlot(e.slot)}
                  // the visible words first (so speech and sight agree), then the day they are on
                  aria-label={`${timeOf(e.slot.start, zone)} · ${moving ? 'Move here' : 'Free'}: ${moving ? 'move to' : 'book'} ${day.heading}`}
                >
                  {timeOf(e.slot.start, zone)} · {moving ? 'Move here' : 'Free'}
                </Button>
              ) : (
                <Text size="sm" c="gray.7" px="xs">
                  {timeOf(e.slot.start, zone)} · Free
                </Text>
              )}
            </li>
          ),
        )}
      </Stack>
    </Stack>
  );
}
