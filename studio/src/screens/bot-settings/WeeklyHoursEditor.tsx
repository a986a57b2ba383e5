// Opening hours, day by day: each day open or closed, with one or more time ranges.
import { ActionIcon, Button, Group, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import type { WeekDay, WeeklyHours } from '../../api/types';
import { WEEK_DAYS } from './weekly-hours';

interface Props {
  value: WeeklyHours;
  onChange: (value: WeeklyHours) => void;
}

export function WeeklyHoursEditor({ value, onChange }: Props) {
  const setDay = (day: WeekDay, ranges: Array<[string, string]>) => {
    const next = { ...value };
    if (ranges.length === 0) delete next[day];
    else next[day] = ranges;
    onChange(next);
  };

  return (
    <Table verticalSpacing={6} aria-label="Weekly hours" withRowBorders={false}>
      <Table.Tbody>
        {WEEK_DAYS.map(({ key, label }) => {
          const ranges = value[key] ?? [];
          return (
            <Table.Tr key={key}>
              <Table.Td w={150} style={{ verticalAlign: 'top' }}>
                <Switch
                  label={label}
                  checked={ranges.length > 0}
                  onChange={(e) => setDay(key, e.currentTarget.checked ? [['09:00', '17:00']] : [])}
                  mt={6}
                />
              </Table.Td>
              <Table.Td>
                {ranges.length === 0 ? (
                  <Text size="sm" c="gray.7" mt={6}>
                    Closed
                  </Text>
                ) : (
                  <Stack gap={6}>
                    {ranges.map(([from, to], i) => (
                      <Group key={i} gap={6} wrap="nowrap">
                        <TextInput
                          type="time"
                          size="xs"
                          aria-label={`${label} opens at`}
                          value={from}
                          onChange={(e) =>
                            setDay(
                              key,
                              ranges.map((r, j) => (j === i ? [e.currentTarget.value, r[1]] : r)),
                            )
                          }
                        />
                        <Text size="sm" aria-hidden>
                          to
                        </Text>
                        <TextInput
                          type="time"
                          size="xs"
                          aria-label={`${label} closes at`}
                          value={to}
                          onChange={(e) =>
                            setDay(
                              key,
                              ranges.map((r, j) => (j === i ? [r[0], e.currentTarget.value] : r)),
                            )
                          }
                        />
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Remove ${label} ${from}–${to}`}
                          onClick={() =>
                            setDay(
                              key,
                              ranges.filter((_, j) => j !== i),
                            )
                          }
                        >
                          <IconX size={14} />
                        </ActionIcon>
                      </Group>
                    ))}
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      leftSection={<IconPlus size={12} />}
                      w="fit-content"
                      onClick={() => setDay(key, [...ranges, [ranges[ranges.length - 1]?.[1] ?? '09:00', '18:00']])}
                      aria-label={`Add hours on ${label}`}
                    >
                      Add hours
                    </Button>
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
