// A calendar's reminder rules: how long before each appointment ("1 day", "2 hours"), the words
// (a template with the appointment's time in the contact's zone and the calendar's name), and
// optionally the approved WhatsApp template used once the contact's 24-hour window has closed.
// Rows keep the unit the person chose while they edit; the calendar stores minutes.
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ReminderRule } from '../../api/types';

type Unit = 'minutes' | 'hours' | 'days';
const UNIT_MINUTES: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };
const UNITS = [
  { value: 'minutes', label: 'minutes before' },
  { value: 'hours', label: 'hours before' },
  { value: 'days', label: 'days before' },
];
export const MAX_REMINDERS = 5;
const MIN_MINUTES = 5;
const MAX_MINUTES = 30 * 1440;
export const DEFAULT_REMINDER_TEXT = 'Reminder: your appointment with {{calendar.name}} is on {{appointment.time}}.';

interface Row {
  amount: number | '';
  unit: Unit;
  text: string;
  template?: ReminderRule['template'];
}

function toRow(rule: ReminderRule): Row {
  const unit: Unit = rule.minutesBefore % 1440 === 0 ? 'days' : rule.minutesBefore % 60 === 0 ? 'hours' : 'minutes';
  return { amount: rule.minutesBefore / UNIT_MINUTES[unit], unit, text: rule.text, ...(rule.template ? { template: rule.template } : {}) };
}

function toRule(row: Row): ReminderRule {
  const template = row.template?.name ? { ...row.template, variables: (row.template.variables ?? []).filter((v) => v.trim()) } : undefined;
  return { minutesBefore: Number(row.amount || 0) * UNIT_MINUTES[row.unit], text: row.text, ...(template ? { template } : {}) };
}

/** Why a rule cannot be saved, in words; null when it can. */
export function reminderProblem(rule: ReminderRule): string | null {
  if (!Number.isInteger(rule.minutesBefore) || rule.minutesBefore < MIN_MINUTES) return `A reminder goes at least ${MIN_MINUTES} minutes before`;
  if (rule.minutesBefore > MAX_MINUTES) return 'A reminder goes at most 30 days before';
  if (rule.template?.name && !/^[a-z0-9_]+$/.test(rule.template.name)) return 'A WhatsApp template name has lower-case letters, digits and _ only';
  return null;
}

export function RemindersEditor({ value, onChange }: { value: ReminderRule[]; onChange: (rules: ReminderRule[]) => void }) {
  const [rows, setRows] = useState<Row[]>(() => value.map(toRow));
  const update = (next: Row[]) => {
    setRows(next);
    onChange(next.map(toRule));
  };
  const change = (i: number, patch: Partial<Row>) => update(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <Stack gap="xs" role="group" aria-label="Reminders">
      <div>
        <Text size="sm" fw={500}>
          Reminders
        </Text>
        <Text size="xs" c="gray.7">
          Sent to the contact before each confirmed appointment, once each; moved with the appointment, cancelled with it. One that falls in the
          bot's quiet hours goes at the last minute before. In the text: {'{{appointment.time}}'} (in the contact's time zone), {'{{appointment.date}}'},{' '}
          {'{{appointment.start_time}}'}, {'{{calendar.name}}'}, {'{{contact.first_name}}'}.
        </Text>
      </div>
      {rows.map((row, i) => {
        const n = i + 1;
        const problem = reminderProblem(toRule(row));
        return (
          <Stack key={i} gap={6} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} data-testid="reminder-rule">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <NumberInput aria-label={`Reminder ${n}: how long before`} w={90} min={1} value={row.amount} onChange={(v) => change(i, { amount: v === '' ? '' : Number(v) })} error={problem && !problem.includes('template') ? true : undefined} />
              <Select aria-label={`Reminder ${n}: unit`} w={170} data={UNITS} value={row.unit} onChange={(v) => change(i, { unit: (v as Unit) ?? row.unit })} allowDeselect={false} />
              <div style={{ flex: 1 }} />
              <ActionIcon variant="subtle" color="red" aria-label={`Remove reminder ${n}`} onClick={() => update(rows.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <Textarea aria-label={`Reminder ${n}: message`} placeholder={DEFAULT_REMINDER_TEXT} autosize minRows={2} maxLength={1000} value={row.text} onChange={(e) => change(i, { text: e.currentTarget.value })} />
            {row.template ? (
              <Group gap="xs" align="flex-end">
                <TextInput
                  aria-label={`Reminder ${n}: WhatsApp template name`}
                  label="WhatsApp template (outside the 24-hour window)"
                  placeholder="appointment_reminder"
                  value={row.template.name}
                  onChange={(e) => change(i, { template: { ...row.template!, name: e.currentTarget.value } })}
                />
                <TextInput aria-label={`Reminder ${n}: template language`} label="Language" w={90} value={row.template.language} onChange={(e) => change(i, { template: { ...row.template!, language: e.currentTarget.value } })} />
                <TextInput
                  aria-label={`Reminder ${n}: template values`}
                  label="Values of {{1}}, {{2}}… (separated by |)"
                  style={{ flex: 1 }}
                  placeholder="{{appointment.time}} | {{calendar.name}}"
                  value={(row.template.variables ?? []).join(' | ')}
                  onChange={(e) => change(i, { template: { ...row.template!, variables: e.currentTarget.value.split('|').map((v) => v.trim()) } })}
                />
                <Button size="xs" variant="subtle" color="gray" onClick={() => change(i, { template: undefined })}>
                  No template
                </Button>
              </Group>
            ) : (
              <Text size="xs" c="gray.7">
                On WhatsApp, a contact who has not written in 24 hours gets no reminder unless it has an approved template.{' '}
                <Button size="compact-xs" variant="subtle" onClick={() => change(i, { template: { name: '', language: 'en_US', variables: ['{{appointment.time}}'] } })}>
                  Add a template
                </Button>
              </Text>
            )}
            {problem && (
              <Text size="xs" c="red.8" role="alert">
                {problem}
              </Text>
            )}
          </Stack>
        );
      })}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={rows.length >= MAX_REMINDERS}
          onClick={() => update([...rows, { amount: rows.length === 0 ? 1 : 2, unit: rows.length === 0 ? 'days' : 'hours', text: '' }])}
        >
          Add a reminder
        </Button>
        {rows.length >= MAX_REMINDERS && (
          <Text size="xs" c="gray.7">
            At most {MAX_REMINDERS} reminders per calendar.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
