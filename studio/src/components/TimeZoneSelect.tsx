// A searchable list of time zones. Focusing it empties the search box (the current zone stays
// as the placeholder), so typing "par" looks for Paris instead of appending to "UTC"; leaving
// it without choosing shows the current zone again.
import { Select } from '@mantine/core';
import { useState } from 'react';
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
  const [searching, setSearching] = useState(false);
  const [search, setSearch] = useState('');
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value || null}
      disabled={disabled}
      onChange={(v) => {
        if (v) onChange(v);
        setSearching(false);
      }}
      searchable
      searchValue={searching ? search : value}
      onSearchChange={(next) => {
        if (searching) setSearch(next);
      }}
      placeholder={value || 'Type to search'}
      onFocus={() => {
        setSearch('');
        setSearching(true);
      }}
      onBlur={() => setSearching(false)}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
