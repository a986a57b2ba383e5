// The intents of an "Understand intent" step: a name for each (its way out of the step) and the
// example sentences the model learns from, typed one at a time and added with Enter.
import { ActionIcon, Button, Card, Group, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { IconPlus, IconTrash } from '@tabler/icons-react';

export interface IntentDraft {
  name: string;
  examples: string[];
}

type Errors = Record<string, { __errors?: string[]; name?: { __errors?: string[] }; examples?: { __errors?: string[] } } | undefined> & { __errors?: string[] };

/** What a typed name becomes: lower case, spaces as _, nothing else (the schema's pattern). */
export function intentName(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 40);
}

function nextName(intents: IntentDraft[]): string {
  for (let i = intents.length + 1; ; i++) if (!intents.some((intent) => intent.name === `intent_${i}`)) return `intent_${i}`;
}

export function IntentsField({ formData, onChange, fieldPathId, errorSchema, disabled, readonly, schema }: FieldProps) {
  const intents: IntentDraft[] = Array.isArray(formData) ? (formData as IntentDraft[]) : [];
  const locked = Boolean(disabled || readonly);
  const errors = (errorSchema ?? {}) as Errors;
  const set = (next: IntentDraft[]) => onChange(next, fieldPathId.path);
  const update = (i: number, change: Partial<IntentDraft>) => set(intents.map((intent, k) => (k === i ? { ...intent, ...change } : intent)));
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : 20;
  return (
    <Stack gap="xs" mb="sm" role="group" aria-label="Intents">
      <div>
        <Text fw={500} size="sm">
          Intents
        </Text>
        <Text size="xs" c="dimmed">
          What a contact may want. Give each a short name (it becomes a way out of this step) and five or more example sentences, as contacts would write them. Press Enter after each example.
        </Text>
      </div>
      {errors.__errors?.map((e) => (
        <Text size="xs" c="red.8" key={e}>
          {e}
        </Text>
      ))}
      {intents.map((intent, i) => (
        <Card key={i} withBorder padding="xs" radius="sm" data-testid={`intent-${i}`}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              size="xs"
              label={`Intent ${i + 1} name`}
              placeholder="book"
              value={intent.name ?? ''}
              disabled={locked}
              onChange={(e) => update(i, { name: intentName(e.currentTarget.value) })}
              error={errors[i]?.name?.__errors?.join('; ')}
            />
            <ActionIcon variant="subtle" color="red" aria-label={`Remove intent ${intent.name || i + 1}`} disabled={locked} onClick={() => set(intents.filter((_, k) => k !== i))} mb={2}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          <TagsInput
            mt="xs"
            size="xs"
            label={`Examples for ${intent.name || `intent ${i + 1}`}`}
            placeholder={intent.examples?.length ? 'Another example, then Enter' : 'e.g. Can I come in tomorrow? then Enter'}
            value={intent.examples ?? []}
            splitChars={[]}
            maxTags={50}
            disabled={locked}
            onChange={(examples) => update(i, { examples })}
            error={[...(errors[i]?.examples?.__errors ?? []), ...(errors[i]?.__errors ?? [])].join('; ') || undefined}
            description={`${intent.examples?.length ?? 0} example${intent.examples?.length === 1 ? '' : 's'}${(intent.examples?.length ?? 0) < 5 ? ': five or more work best' : ''}`}
          />
        </Card>
      ))}
      {!locked && intents.length < max && (
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => set([...intents, { name: nextName(intents), examples: [] }])}>
          Add an intent
        </Button>
      )}
    </Stack>
  );
}
