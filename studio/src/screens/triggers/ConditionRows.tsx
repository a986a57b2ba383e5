// Conditions on the contact for an event trigger: "city is Paris", "tags contains vip"...
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { OPERATOR_WORDS, type CreateTriggerRequest } from '@botloom/shared';

type Condition = NonNullable<CreateTriggerRequest['conditions']>[number];

const OPERATORS = Object.entries(OPERATOR_WORDS).map(([value, label]) => ({ value, label }));

export function ConditionRows({ conditions, onChange, error }: { conditions: Condition[]; onChange: (c: Condition[]) => void; error?: string }) {
  const update = (i: number, patch: Partial<Condition>) => onChange(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Only if the contact…
      </Text>
      {conditions.length === 0 && (
        <Text size="sm" c="dimmed">
          No conditions: every contact.
        </Text>
      )}
      {conditions.map((c, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput aria-label={`Condition ${i + 1}: contact field`} placeholder="city" value={c.field.replace(/^contact\./, '')} onChange={(e) => update(i, { field: e.currentTarget.value ? `contact.${e.currentTarget.value.replace(/^contact\./, '')}` : '' })} style={{ flex: 1 }} />
          <Select aria-label={`Condition ${i + 1}: comparison`} data={OPERATORS} value={c.operator} onChange={(v) => v && update(i, { operator: v as Condition['operator'] })} allowDeselect={false} w={170} />
          {c.operator !== 'is_empty' && <TextInput aria-label={`Condition ${i + 1}: value`} placeholder="Paris" value={String(c.value ?? '')} onChange={(e) => update(i, { value: e.currentTarget.value })} style={{ flex: 1 }} />}
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove condition ${i + 1}`} onClick={() => onChange(conditions.filter((_, j) => j !== i))} mt={4}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => onChange([...conditions, { field: '', operator: '==', value: '' }])} style={{ alignSelf: 'flex-start' }}>
        Add a condition
      </Button>
    </Stack>
  );
}
