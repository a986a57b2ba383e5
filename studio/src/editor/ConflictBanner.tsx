// A 409 means another tab (or person) saved this draft first. Autosave has stopped; reloading
// fetches theirs. Downloading keeps what was done here, so nothing is lost.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useFlowStore } from '../store/flow-store-context';

export function ConflictBanner({ onReload, onDownload }: { onReload: () => void; onDownload: () => void }) {
  const conflict = useFlowStore((s) => s.save.status === 'conflict');
  if (!conflict) return null;
  return (
    <Alert color="red" variant="filled" radius={0} py={8} icon={<IconAlertTriangle size={18} />} role="alert" data-testid="conflict-banner">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="white">
          This bot was changed in another tab or by someone else, so your latest changes here were not saved. Reload to get the latest
          version.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="white" color="red" onClick={onDownload}>
            Download my version
          </Button>
          <Button size="xs" variant="white" color="dark" onClick={onReload}>
            Reload
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
