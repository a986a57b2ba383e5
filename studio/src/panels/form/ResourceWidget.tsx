// Picks one of the bot's bookable calendars.
import { Anchor, Select, Text } from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';
import { Link } from 'react-router';
import { useResources } from './resources-context';

export function ResourceWidget({ id, value, onChange, label, required, rawErrors, schema }: WidgetProps) {
  const { botId, resources } = useResources();
  const data = (resources ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.timezone})` }));
  if (typeof value === 'string' && value && !data.some((d) => d.value === value))
    data.push({ value, label: 'A calendar that no longer exists' });
  const settings = (
    <Anchor component={Link} to={`/bots/${botId}/settings#calendars`} size="xs">
      Manage calendars
    </Anchor>
  );
  return (
    <Select
      id={id}
      label={label}
      required={required}
      description={
        resources && resources.length === 0 ? (
          <Text span size="xs">
            This bot has no calendars yet. {settings}
          </Text>
        ) : (
          <Text span size="xs">
            {schema.description ?? 'The calendar to book in.'} {settings}
          </Text>
        )
      }
      placeholder={resources === null ? 'Loading calendars…' : 'Choose a calendar'}
      data={data}
      value={typeof value === 'string' && value ? value : null}
      onChange={(next) => onChange(next ?? undefined)}
      error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined}
      comboboxProps={{ withinPortal: true }}
      mb="sm"
    />
  );
}
