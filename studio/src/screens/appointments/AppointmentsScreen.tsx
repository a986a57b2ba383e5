// A calendar's appointments, by day or week: who is booked when (name, phone, status), and the
// free slots where staff book, move and cancel. The server keeps the no-double-booking rule; a
// slot taken meanwhile is said plainly and the view reloads.
import { Alert, Button, Card, Container, Group, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconSettings } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { appointmentsApi, resourcesApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BookedAppointment, FreeSlot, Resource } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';
import { BookAppointmentModal } from './BookAppointmentModal';
import { calendarDays, shiftDate, whenOf, type CalendarView } from './calendar-span';
import { DayColumn } from './DayColumn';
import { useAppointments } from './use-appointments';

export function AppointmentsScreen() {
  const { botId = '' } = useParams();
  const { bot, error: botError } = useBotDetail(botId);
  const canManage = useCan('appointments:manage');
  const [params, setParams] = useSearchParams();
  const [resources, setResources] = useState<Resource[] | null>(null);
  const [booking, setBooking] = useState<FreeSlot | null>(null);
  const [moving, setMoving] = useState<BookedAppointment | null>(null);
  const [cancelling, setCancelling] = useState<BookedAppointment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    resourcesApi.list(botId).then(setResources, (err: unknown) => setProblem(describeError(err)));
  }, [botId]);

  const resource = resources?.find((r) => r.id === params.get('calendar')) ?? resources?.[0] ?? null;
  const view: CalendarView = params.get('view') === 'day' ? 'day' : 'week';
  const zone = resource?.timezone ?? 'UTC';
  const days = useMemo(() => calendarDays(view, params.get('date'), zone), [view, params, zone]);
  const { appointments, slots, error, reload } = useAppointments(botId, resource?.id ?? null, days);

  const setParam = (changes: Record<string, string>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) next.set(k, v);
      return next;
    });
  const step = (by: -1 | 1) => setParam({ date: shiftDate(view, days[0]!.date, by, zone) });
  useHotkeys([['Escape', () => setMoving(null)]]);

  const moveTo = async (appointment: BookedAppointment, slot: FreeSlot) => {
    setProblem(null);
    try {
      await appointmentsApi.move(botId, appointment.id, slot.start);
      notifications.show({
        color: 'teal',
        title: 'Moved',
        message: `${appointment.contactName ?? appointment.contact} now on ${whenOf(slot.start, zone)}`,
      });
      setMoving(null);
    } catch (err) {
      setProblem(describeError(err));
    }
    await reload();
  };

  const cancel = async (appointment: BookedAppointment) => {
    try {
      await appointmentsApi.cancel(botId, appointment.id);
      notifications.show({
        color: 'teal',
        title: 'Cancelled',
        message: `${appointment.contactName ?? appointment.contact} on ${whenOf(appointment.start, zone)}`,
      });
      setCancelling(null);
    } catch (err) {
      setProblem(describeError(err));
    }
    await reload();
  };

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot || !resources) return <LoadingState label="Loading appointments…" />;
  return (
    <Container size="xl" component="main">
      <Stack gap="md">
        <BotNav botId={botId} botName={bot.name} current="appointments" />
        {resources.length === 0 || !resource ? (
          <Card withBorder radius="lg" padding="lg">
            <Text fw={600}>No calendars yet</Text>
            <Text size="sm" c="gray.7" mb="sm">
              Add a calendar (a person, room or service with opening hours) to book appointments.
            </Text>
            <Button
              component={Link}
              to={`/bots/${botId}/settings#calendars`}
              variant="light"
              leftSection={<IconSettings size={16} />}
              w="fit-content"
            >
              Manage calendars
            </Button>
          </Card>
        ) : (
          <Card withBorder radius="lg" padding="md">
            <Group justify="space-between" mb="md" wrap="wrap">
              <Group gap="sm" wrap="wrap">
                <Select
                  aria-label="Calendar"
                  data={resources.map((r) => ({ value: r.id, label: r.name }))}
                  value={resource.id}
                  onChange={(v) => v && setParam({ calendar: v })}
                  allowDeselect={false}
                  w={220}
                />
                <SegmentedControl
                  aria-label="View"
                  value={view}
                  onChange={(v) => setParam({ view: v })}
                  data={[
                    { value: 'day', label: 'Day' },
                    { value: 'week', label: 'Week' },
                  ]}
                />
              </Group>
              <Group gap="xs">
                <Button
                  variant="default"
                  size="sm"
                  onClick={() => step(-1)}
                  aria-label={view === 'week' ? 'Previous week' : 'Previous day'}
                >
                  <IconChevronLeft size={16} />
                </Button>
                <Button variant="default" size="sm" onClick={() => setParam({ date: calendarDays('day', null, zone)[0]!.date })}>
                  Today
                </Button>
                <Button variant="default" size="sm" onClick={() => step(1)} aria-label={view === 'week' ? 'Next week' : 'Next day'}>
                  <IconChevronRight size={16} />
                </Button>
                <Text fw={600} aria-live="polite" data-testid="calendar-span">
                  {view === 'week' ? `${days[0]!.heading} – ${days[days.length - 1]!.heading}` : days[0]!.heading}
                </Text>
              </Group>
            </Group>
            <Text size="xs" c="gray.7" mb="sm">
              Times in {resource.timezone}.{' '}
              {canManage ? 'Pick a free slot to book it.' : 'Your role can look at appointments but not change them.'}
            </Text>
            {moving && (
              <Alert
                color="indigo"
                mb="sm"
                title={`Moving ${moving.contactName ?? moving.contact}'s appointment (${whenOf(moving.start, zone)})`}
              >
                <Group justify="space-between">
                  <Text size="sm">Pick a free slot (“Move here”), in this or another week. Escape stops.</Text>
                  <Button size="xs" variant="default" onClick={() => setMoving(null)}>
                    Stop moving
                  </Button>
                </Group>
              </Alert>
            )}
            {(problem || error) && (
              <Alert color="red" mb="sm" role="alert" withCloseButton onClose={() => setProblem(null)}>
                {problem ?? error}
              </Alert>
            )}
            {appointments === null ? (
              <LoadingState label="Loading appointments…" />
            ) : (
              <SimpleGrid
                cols={{ base: 1, sm: view === 'week' ? 4 : 1, lg: view === 'week' ? 7 : 1 }}
                spacing="sm"
                aria-label="Appointments"
              >
                {days.map((day) => (
                  <DayColumn
                    key={day.date}
                    day={day}
                    zone={zone}
                    appointments={appointments}
                    slots={slots}
                    canManage={canManage}
                    moving={moving}
                    onPickSlot={(slot) => (moving ? void moveTo(moving, slot) : setBooking(slot))}
                    onMove={setMoving}
                    onCancel={setCancelling}
                  />
                ))}
              </SimpleGrid>
            )}
          </Card>
        )}
      </Stack>
      {resource && (
        <BookAppointmentModal
          botId={botId}
          resource={resource}
          slot={booking}
          onClose={() => setBooking(null)}
          onChanged={() => void reload()}
        />
      )}
      <ConfirmModal
        opened={cancelling !== null}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        cancelLabel="Keep it"
        onClose={() => setCancelling(null)}
        onConfirm={() => (cancelling ? cancel(cancelling) : undefined)}
      >
        {cancelling &&
          `${cancelling.contactName ?? cancelling.contact} on ${whenOf(cancelling.start, zone)}. The slot becomes free again and the contact is told.`}
      </ConfirmModal>
    </Container>
  );
}
