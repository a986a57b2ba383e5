import { Center, Loader, Stack, Text } from '@mantine/core';

export function LoadingState({ label, fullScreen = false }: { label: string; fullScreen?: boolean }) {
  return (
    <Center h={fullScreen ? '100vh' : 240} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text c="gray.7" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
