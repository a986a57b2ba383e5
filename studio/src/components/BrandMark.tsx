import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconTopologyStar3 } from '@tabler/icons-react';

export function BrandMark({ compact = false }: { compact?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon
        size={compact ? 28 : 32}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo.7', to: 'cyan.7', deg: 135 }}
        aria-hidden
      >
        <IconTopologyStar3 size={compact ? 16 : 18} />
      </ThemeIcon>
      {!compact && (
        <Text fw={700} size="lg">
          Botloom
        </Text>
      )}
    </Group>
  );
}
