// Adding or changing a calendar: name, time zone, slot length, notice, horizon, weekly hours,
// the reminders sent before its appointments and the flow meant for replies to them.
import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { resourcesApi } from '../../api/botloom-api';
import { flowsApi, type FlowSummary } from '../../api/triggers-api';
import { describeError } from '../../api/http';
import type { Resource, ResourceInput } from '../../api/types';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { hoursProblems, OFFICE_HOURS } from './weekly-hours';
import { WeeklyHoursEditor } from './WeeklyHoursEditor';
import { reminderProblem, RemindersEditor } from './RemindersEditor';

interface Props {
  botId: string;
  resource: Resource | 'new' | null;
  defaultTimezone: string;
  onClose: () => void;
  onSaved: () => void;
}

const blank = (timezone: string): ResourceInput => ({
  name: '',
  timezone,
  slotMinutes: 30,
  weeklyHours: OFFICE_HOURS,
  minNoticeMinutes: 60,
  horizonDays: 30,
  reminders: [],
  replyFlowId: null,
});

export function ResourceModal({ botId, resource, defaultTimezone, onClose, onSaved }: Props) {
  const [form, setForm] = useState<ResourceInput>(blank(defaultTimezone));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  // the reminders editor keeps its own rows: a new one for each calendar opened
  const [opening, setOpening] = useState(0);

  useEffect(() => {
    if (resource === null) return;
    setError(null);
    setOpening((n) => n + 1);
    flowsApi.list(botId).then(setFlows, () => setFlows([]));
    if (resource === 'new') setForm(blank(defaultTimezone));
    else {
      const { id: _id, ...rest } = resource;
      setForm(rest);
    }
  }, [resource, defaultTimezone, botId]);

  const set = useCallback(<K extends keyof ResourceInput>(key: K, value: ResourceInput[K]) => setForm((f) => ({ ...f, [key]: value })), []);
  // the zone list and the week grid are costly to render: typing in another field (a name, a
  // reminder's words) does not render them again
  const zoneSelect = useMemo(
    () => <TimeZoneSelect value={form.timezone} onChange={(v) => set('timezone', v)} description="The hours below are in this time zone." />,
    [form.timezone, set],
  );
  const hoursEditor = useMemo(() => <WeeklyHoursEditor value={form.weeklyHours} onChange={(v) => set('weeklyHours', v)} />, [form.weeklyHours, set]);
  const remindersEditor = useMemo(
    () => <RemindersEditor key={opening} value={form.reminders ?? []} onChange={(v) => set('reminders', v)} />,
    // the editor keeps its own rows once opened: only a new opening renders it from the form again
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [opening, set],
  );
  const problems = hoursProblems(form.weeklyHours);
  const reminderProblems = (form.reminders ?? []).map(reminderProblem).filter(Boolean);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (resource === null) return;
    setBusy(true);
    setError(null);
    try {
      const input = { ...form, name: form.name.trim() };
      if (resource === 'new') await resourcesApi.create(botId, input);
      else await resourcesApi.update(botId, resource.id, input);
      onSaved();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={resource !== null} onClose={onClose} title={resource === 'new' ? 'Add a calendar' : 'Edit calendar'} size="lg">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Name"
            placeholder="Dr. Rivera"
            required
            maxLength={120}
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            data-autofocus
          />
          {zoneSelect}
          <SimpleGrid cols={3}>
            <NumberInput
              label="Slot length (minutes)"
              min={5}
              max={1440}
              required
              value={form.slotMinutes}
              onChange={(v) => set('slotMinutes', Number(v) || 30)}
            />
            <NumberInput
              label="Minimum notice (minutes)"
              min={0}
              max={525600}
              value={form.minNoticeMinutes}
              onChange={(v) => set('minNoticeMinutes', Number(v) || 0)}
            />
            <NumberInput
              label="Book up to (days ahead)"
              min={1}
              max={366}
              value={form.horizonDays}
              onChange={(v) => set('horizonDays', Number(v) || 30)}
            />
          </SimpleGrid>
          {hoursEditor}
          {problems.length > 0 && (
            <Alert color="orange" variant="light" role="status">
              {problems.join('. ')}
            </Alert>
          )}
          {remindersEditor}
          <Select
            label="Flow for replies to reminders"
            description="Started when a reminder goes out, with the appointment in state.appointment: begin it by waiting for the reply (cancel, move, confirm). A contact already in a conversation keeps it."
            placeholder="None"
            clearable
            data={flows.map((f) => ({ value: f.id, label: f.main ? `${f.name} (main)` : f.name }))}
            value={form.replyFlowId ?? null}
            onChange={(v) => set('replyFlowId', v)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={form.name.trim() === '' || problems.length > 0 || reminderProblems.length > 0}>
              {resource === 'new' ? 'Add calendar' : 'Save calendar'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
