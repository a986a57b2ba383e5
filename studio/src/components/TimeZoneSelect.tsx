import { Select } from '@mantine/core';
import { TIME_ZONES } from './time-zones';

interface Props {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  description?: string;
  disabled?: boolean;
}

export function TimeZoneSelect({ value, onChange, label = 'Time zone', description, disabled }: Props) {
  const data = !value || TIME_ZONES.includes(value) ? TIME_ZONES : [value, ...TIME_ZONES];
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value || null}
      disabled={disabled}
      onChange={(v) => v && onChange(v)}
      searchable
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
