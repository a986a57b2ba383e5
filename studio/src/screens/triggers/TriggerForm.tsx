// Create or change a trigger: what starts it (a keyword, an event, a schedule), which flow it
// starts, and the details of its kind. The server checks the whole trigger; what it refuses is
// shown next to the field it names, and nothing typed is lost.
import { Alert, Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { EVENT_WORDS, MATCH_WORDS } from '@botloom/shared';
import { useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api/http';
import type { FlowSummary, Trigger, TriggerInput } from '../../api/triggers-api';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { ConditionRows } from './ConditionRows';

type Kind = TriggerInput['type'];
type Schedule = NonNullable<TriggerInput['schedule']>;

const KINDS = [
  { value: 'keyword', label: 'A keyword' },
  { value: 'event', label: 'An event' },
  { value: 'schedule', label: 'A schedule' },
];
const SCHEDULE_KINDS = [
  { value: 'once', label: 'Once' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'monthly', label: 'Every month' },
  { value: 'cron', label: 'Cron expression (advanced)' },
];
const WEEKDAYS = [
  { value: 'mon', label: 'Monday' },
  { value: 'tue', label: 'Tuesday' },
  { value: 'wed', label: 'Wednesday' },
  { value: 'thu', label: 'Thursday' },
  { value: 'fri', label: 'Friday' },
  { value: 'sat', label: 'Saturday' },
  { value: 'sun', label: 'Sunday' },
];
const CHANNELS = [
  { value: '', label: 'Every channel' },
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
];

function blank(flows: FlowSummary[], timezone: string): TriggerInput {
  return { name: '', type: 'keyword', flowId: flows[0]?.id ?? '', keywords: [] as unknown as TriggerInput['keywords'], match: 'exact', caseSensitive: false, priority: 0, active: true, schedule: { kind: 'daily', time: '09:00', timezone } };
}

/** The fields of a trigger that the form edits (what the API stores, minus its bookkeeping). */
function editable(t: Trigger): TriggerInput {
  const { id: _i, botId: _b, createdAt: _c, updatedAt: _u, nextRunAt: _n, upcoming: _up, ...fields } = t;
  return fields;
}

/** Only the fields of the chosen kind go to the server (it refuses fields of another kind). */
function payload(draft: TriggerInput): TriggerInput {
  const common = { name: draft.name, type: draft.type, flowId: draft.flowId, active: draft.active, priority: draft.priority ?? 0 };
  if (draft.type === 'keyword') return { ...common, keywords: draft.keywords, match: draft.match, caseSensitive: draft.caseSensitive };
  if (draft.type === 'event') return { ...common, event: draft.event, conditions: draft.conditions ?? [] };
  const audience = { ...(draft.audience?.tags?.length ? { tags: draft.audience.tags } : {}), ...(draft.audience?.channel ? { channel: draft.audience.channel } : {}) };
  return { ...common, schedule: draft.schedule, audience };
}

interface Props {
  opened: boolean;
  trigger: Trigger | null;
  flows: FlowSummary[];
  botTimezone: string;
  onClose: () => void;
  onSave: (input: TriggerInput, existing: Trigger | null) => Promise<void>;
}

export function TriggerForm({ opened, trigger, flows, botTimezone, onClose, onSave }: Props) {
  const [draft, setDraft] = useState<TriggerInput>(() => (trigger ? editable(trigger) : blank(flows, botTimezone)));
  const [errors, setErrors] = useState<Array<{ path: string; message: string }>>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setDraft(trigger ? editable(trigger) : blank(flows, botTimezone));
    setErrors([]);
    setFailure(null);
  }, [opened, trigger, flows, botTimezone]);

  const set = (patch: Partial<TriggerInput>) => setDraft((d) => ({ ...d, ...patch }));
  const setSchedule = (patch: Partial<Schedule>) => setDraft((d) => ({ ...d, schedule: { ...(d.schedule ?? { kind: 'daily', timezone: botTimezone }), ...patch } as Schedule }));
  const errorAt = (...paths: string[]) => errors.filter((e) => paths.some((p) => e.path === p || e.path.startsWith(`${p}/`))).map((e) => e.message).join('; ') || undefined;
  const schedule = draft.schedule ?? { kind: 'daily', timezone: botTimezone };

  const save = async () => {
    setSaving(true);
    setErrors([]);
    setFailure(null);
    try {
      await onSave(payload(draft), trigger);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.body.errors?.length) setErrors(err.body.errors);
      else setFailure(describeError(err));
    } finally {
      setSaving(false);
    }
  };
  const shown = new Set(['/name', '/type', '/flowId', '/priority', '/keywords', '/match', '/event', '/conditions', '/schedule', '/audience']);
  const elsewhere = errors.filter((e) => ![...shown].some((p) => e.path === p || e.path.startsWith(`${p}/`)));

  return (
    <Modal opened={opened} onClose={onClose} title={trigger ? `Change “${trigger.name}”` : 'New trigger'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" description="For you: shown in the list and the logs." value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errorAt('/name')} data-autofocus />
          <div>
            <Text size="sm" fw={500} mb={4} id="trigger-kind-label">
              What starts it
            </Text>
            <SegmentedControl aria-labelledby="trigger-kind-label" data={KINDS} value={draft.type} onChange={(v) => set({ type: v as Kind })} fullWidth />
          </div>
          <Select label="Flow to start" data={flows.map((f) => ({ value: f.id, label: f.main ? `${f.name} (main flow)` : f.name }))} value={draft.flowId || null} onChange={(v) => v && set({ flowId: v })} error={errorAt('/flowId')} allowDeselect={false} />

          {draft.type === 'keyword' && (
            <>
              <TagsInput label="Keywords" description="Type a keyword and press Enter. Words like STOP or CANCEL unsubscribe a contact, so they cannot be keywords." value={draft.keywords ?? []} onChange={(v) => set({ keywords: v as TriggerInput['keywords'] })} error={errorAt('/keywords')} clearable />
              <Group grow align="flex-start">
                <Select label="The message" data={Object.entries(MATCH_WORDS).map(([value, label]) => ({ value, label }))} value={draft.match ?? 'exact'} onChange={(v) => v && set({ match: v as TriggerInput['match'] })} allowDeselect={false} error={errorAt('/match')} />
                <Checkbox mt={32} label="Same upper and lower case" checked={draft.caseSensitive ?? false} onChange={(e) => set({ caseSensitive: e.currentTarget.checked })} />
              </Group>
            </>
          )}

          {draft.type === 'event' && (
            <>
              <Select label="When" data={Object.entries(EVENT_WORDS).map(([value, label]) => ({ value, label: label[0]!.toUpperCase() + label.slice(1) }))} value={draft.event ?? null} onChange={(v) => v && set({ event: v as TriggerInput['event'] })} error={errorAt('/event')} allowDeselect={false} placeholder="Pick an event" />
              <ConditionRows conditions={draft.conditions ?? []} onChange={(conditions) => set({ conditions })} error={errorAt('/conditions')} />
            </>
          )}

          {draft.type === 'schedule' && (
            <>
              <Group grow align="flex-start">
                <Select label="How often" data={SCHEDULE_KINDS} value={schedule.kind} onChange={(v) => v && setSchedule({ kind: v as Schedule['kind'] })} allowDeselect={false} />
                {schedule.kind === 'once' && <TextInput type="datetime-local" label="On" value={schedule.at ?? ''} onChange={(e) => setSchedule({ at: e.currentTarget.value })} error={errorAt('/schedule/at')} />}
                {['daily', 'weekly', 'monthly'].includes(schedule.kind) && <TextInput type="time" label="At" value={schedule.time ?? ''} onChange={(e) => setSchedule({ time: e.currentTarget.value })} error={errorAt('/schedule/time')} />}
              </Group>
              {schedule.kind === 'weekly' && <Select label="Day of the week" data={WEEKDAYS} value={schedule.weekday ?? null} onChange={(v) => v && setSchedule({ weekday: v as Schedule['weekday'] })} error={errorAt('/schedule/weekday')} allowDeselect={false} placeholder="Pick a day" />}
              {schedule.kind === 'monthly' && <NumberInput label="Day of the month" description="29 to 31: shorter months run on their last day." min={1} max={31} value={schedule.day ?? ''} onChange={(v) => setSchedule({ day: typeof v === 'number' ? v : undefined })} error={errorAt('/schedule/day')} />}
              {schedule.kind === 'cron' && <TextInput label="Cron expression" description="Minute, hour, day, month, weekday: 0 9 * * 1-5 is 09:00 on weekdays." value={schedule.cron ?? ''} onChange={(e) => setSchedule({ cron: e.currentTarget.value })} error={errorAt('/schedule/cron')} />}
              <TimeZoneSelect value={schedule.timezone} onChange={(timezone) => setSchedule({ timezone })} />
              {errorAt('/schedule/timezone', '/schedule') && !errorAt('/schedule/at', '/schedule/time', '/schedule/weekday', '/schedule/day', '/schedule/cron') && (
                <Text c="red.8" size="sm" role="alert">
                  {errorAt('/schedule/timezone', '/schedule')}
                </Text>
              )}
              <Group grow align="flex-start">
                <TagsInput label="Contacts tagged" description="Empty: every contact. Press Enter after each tag." value={draft.audience?.tags ?? []} onChange={(tags) => set({ audience: { ...draft.audience, tags } })} error={errorAt('/audience')} />
                <Select label="Channel" data={CHANNELS} value={draft.audience?.channel ?? ''} onChange={(v) => set({ audience: { ...draft.audience, channel: (v || undefined) as NonNullable<TriggerInput['audience']>['channel'] } })} allowDeselect={false} />
              </Group>
            </>
          )}

          <NumberInput label="Priority" description="When several triggers match, the highest number wins." value={draft.priority ?? 0} onChange={(v) => set({ priority: typeof v === 'number' ? v : 0 })} min={-1000} max={1000} error={errorAt('/priority')} />
          {elsewhere.length > 0 && (
            <Alert color="red" title="Not saved">
              {elsewhere.map((e) => `${e.path}: ${e.message}`).join('; ')}
            </Alert>
          )}
          {failure && (
            <Alert color="red" title="Not saved">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {trigger ? 'Save changes' : 'Create trigger'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
