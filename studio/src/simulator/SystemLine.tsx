// A line from the system in a transcript: what went wrong, where it happened, in plain words; or,
// in grey (`info`), where the conversation went (on to another flow).
import { Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowForwardUp } from '@tabler/icons-react';

export function SystemLine({ text, info = false }: { text: string; info?: boolean }) {
  if (info) {
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" role="note" data-testid="system-info-line" px="sm" py={4} style={{ alignSelf: 'center' }}>
        <IconArrowForwardUp size={14} color="var(--mantine-color-gray-7)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
        <Text size="xs" c="gray.7">
          {text}
        </Text>
      </Group>
    );
  }
  return (
    <Group
      gap={6}
      wrap="nowrap"
      align="flex-start"
      role="note"
      data-testid="system-line"
      px="sm"
      py={6}
      style={{
        alignSelf: 'stretch',
        borderRadius: 8,
        background: 'var(--mantine-color-red-0)',
        border: '1px solid var(--mantine-color-red-3)',
      }}
    >
      <IconAlertTriangle size={16} color="var(--mantine-color-red-8)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
      <Text size="xs" c="red.9" style={{ overflowWrap: 'anywhere' }}>
        {text}
      </Text>
    </Group>
  );
}
