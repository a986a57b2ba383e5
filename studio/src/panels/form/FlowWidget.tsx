// Picks one of the bot's flows by name, for a "Go to flow" step, with a link that opens it.
import { Anchor, Select, Text } from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';
import { Link } from 'react-router';
import { flowPath, useFlows } from '../../editor/flows-context';

export function FlowWidget({ id, value, onChange, label, required, rawErrors, schema, disabled, readonly }: WidgetProps) {
  const { botId, flows, current } = useFlows();
  const data = (flows ?? []).map((f) => ({ value: f.id, label: f.id === current.id ? `${f.name} (this flow)` : f.name }));
  const chosen = typeof value === 'string' && value ? (flows ?? []).find((f) => f.id === value) : undefined;
  if (typeof value === 'string' && value && flows && !chosen) data.push({ value, label: 'A flow that no longer exists' });
  return (
    <>
      <Select
        id={id}
        label={label}
        required={required}
        disabled={disabled || readonly}
        description={
          <Text span size="xs">
            {schema.description ?? 'The flow the conversation continues in.'} Add flows in the bar above the canvas.
          </Text>
        }
        placeholder={flows === null ? 'Loading flows…' : 'Choose a flow'}
        data={data}
        searchable
        value={typeof value === 'string' && value ? value : null}
        onChange={(next) => onChange(next ?? '')}
        error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined}
        comboboxProps={{ withinPortal: true }}
        mb={chosen ? 4 : 'sm'}
      />
      {chosen && chosen.id !== current.id && (
        <Anchor component={Link} to={flowPath(botId, chosen)} size="sm" mb="sm" display="inline-block" data-testid="open-jump-flow">
          Open “{chosen.name}”
        </Anchor>
      )}
    </>
  );
}
