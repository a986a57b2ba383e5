// A number from 0 to 1 as a slider (how sure the AI must be), shown as a percentage.
import { Input, Slider } from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';

export function SliderWidget({ id, value, onChange, label, schema, disabled, readonly, rawErrors }: WidgetProps) {
  const fallback = typeof schema.default === 'number' ? schema.default : 0.4;
  const current = typeof value === 'number' ? value : fallback;
  return (
    <Input.Wrapper id={id} label={label} description={schema.description} error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined} mb="lg">
      <Slider
        id={id}
        mt="xs"
        min={0}
        max={1}
        step={0.05}
        value={current}
        disabled={disabled || readonly}
        label={(v) => `${Math.round(v * 100)}%`}
        marks={[
          { value: 0, label: '0%' },
          { value: 0.5, label: '50%' },
          { value: 1, label: '100%' },
        ]}
        thumbLabel={label}
        onChange={(v) => onChange(Math.round(v * 100) / 100)}
      />
    </Input.Wrapper>
  );
}
