// The variable a condition checks: a text box that lists the flow's variables by their
// friendly names ("answer", "Contact's first name") while keeping the exact name typed or
// picked (state.answer) as the value. Any other name can still be typed.
import { Autocomplete, Text } from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { currentVariables, type TemplateVariable } from '../monaco/variable-catalogue';

export function VariableWidget({ id, value, onChange, onBlur, label, required, rawErrors, schema, readonly, disabled, placeholder }: WidgetProps) {
  const [variables, setVariables] = useState<TemplateVariable[]>([]);
  const byPath = useMemo(() => new Map(variables.map((v) => [v.path, v])), [variables]);
  return (
    <Autocomplete
      id={id}
      label={label}
      description={schema.description}
      required={required}
      placeholder={placeholder}
      error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined}
      value={typeof value === 'string' ? value : ''}
      onChange={(next) => onChange(next === '' ? undefined : next)}
      onFocus={() => setVariables(currentVariables())}
      onBlur={() => onBlur(id, value)}
      data={variables.map((v) => v.path)}
      renderOption={({ option }) => (
        <div>
          <Text size="sm" fw={600}>
            {byPath.get(option.value)?.label ?? option.value}
          </Text>
          <Text size="xs" c="gray.7">
            {option.value}
          </Text>
        </div>
      )}
      disabled={readonly || disabled}
      comboboxProps={{ withinPortal: true }}
      autoComplete="off"
      mb="sm"
    />
  );
}
