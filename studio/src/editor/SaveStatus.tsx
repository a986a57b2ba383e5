// Where the draft stands: saved, saving, waiting to save, or why it was not saved. Problems in
// the steps never stop a save: they are listed in the Problems tab and on the steps instead.
import { Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCloudOff, IconPencil } from '@tabler/icons-react';
import { useFlowStore } from '../store/flow-store-context';

export function SaveStatus() {
  const save = useFlowStore((s) => s.save);
  const content = {
    saved: { icon: <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" />, text: 'All changes saved' },
    pending: { icon: <IconPencil size={16} color="var(--mantine-color-gray-7)" />, text: 'Unsaved changes' },
    saving: { icon: <Loader size={14} />, text: 'Saving…' },
    blocked: { icon: <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" />, text: 'Not saved: the server refused it' },
    conflict: { icon: <IconCloudOff size={16} color="var(--mantine-color-red-7)" />, text: 'Not saved: changed elsewhere' },
    error: { icon: <IconCloudOff size={16} color="var(--mantine-color-red-7)" />, text: 'Not saved: retrying' },
  }[save.status];
  return (
    <Tooltip
      label={save.message ?? (save.savedAt ? `Saved at ${new Date(save.savedAt).toLocaleTimeString()}` : 'Autosaves as you edit')}
      multiline
      maw={320}
    >
      <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-save-status={save.status} tabIndex={0}>
        {content.icon}
        <Text size="sm" c={save.status === 'blocked' || save.status === 'conflict' || save.status === 'error' ? 'red.8' : 'gray.7'}>
          {content.text}
        </Text>
      </Group>
    </Tooltip>
  );
}
