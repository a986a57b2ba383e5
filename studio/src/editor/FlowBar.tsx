// The bot's flows, under the editor's header: the main flow first, the one being edited marked.
// Each is a link (so leaving a flow with unsaved work goes through LeaveGuard, which saves first
// or asks); builders add, rename, duplicate and delete flows here. A refused delete says why.
import { ActionIcon, Alert, Button, Group, Menu, Modal, ScrollArea, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { flowsApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import { ConfirmModal } from '../components/ConfirmModal';
import type { Autosave } from './autosave';
import { flowPath, useFlows } from './flows-context';
import { useReadOnly } from './read-only';

type Dialog = { kind: 'create' } | { kind: 'rename' } | { kind: 'delete' } | null;

/** Asks for a flow's name; Enter submits; the server's refusal (a name taken) shows in the field. */
function NameModal({ title, initial, submitLabel, opened, onClose, onSubmit }: {
  title: string;
  initial: string;
  submitLabel: string;
  opened: boolean;
  onClose: () => void;
  onSubmit: (name: string) => Promise<void>;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setName(initial);
      setError(null);
    }
  }, [opened, initial]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(name.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput
            label="Flow name"
            description="For example FAQ, Reschedule or Feedback. Each flow of a bot has its own name."
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={name.trim() === ''}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function FlowBar({ autosave }: { autosave: Autosave }) {
  const { botId, flows, current, reload } = useFlows();
  const readOnly = useReadOnly();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deleteRefusal, setDeleteRefusal] = useState<string | null>(null);
  /** Another flow opens once this one's work is saved (a failed save is said by the save status). */
  const open = async (flow: { id: string; main: boolean }) => {
    await autosave.flush();
    navigate(flowPath(botId, flow));
  };
  const close = () => {
    setDialog(null);
    setDeleteRefusal(null);
  };

  const duplicate = async () => {
    try {
      const copy = await flowsApi.duplicate(botId, current.id);
      await reload();
      notifications.show({ color: 'teal', message: `“${copy.name}” created` });
      await open(copy);
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not duplicate the flow', message: describeError(err) });
    }
  };

  const remove = async () => {
    try {
      await flowsApi.remove(botId, current.id);
      close();
      await reload();
      notifications.show({ color: 'teal', message: `“${current.name}” deleted` });
      navigate(`/bots/${botId}`);
    } catch (err) {
      // kept open: the answer says what still uses the flow
      setDeleteRefusal(describeError(err));
    }
  };

  return (
    <Group
      component="nav"
      aria-label="Flows of this bot"
      gap={6}
      px="md"
      py={6}
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', background: 'var(--mantine-color-gray-0)' }}
      data-testid="flow-bar"
    >
      <Text size="sm" fw={600} c="gray.7" style={{ flexShrink: 0 }}>
        Flows
      </Text>
      <ScrollArea type="never" style={{ flex: 1, minWidth: 0 }}>
        <Group gap={4} wrap="nowrap">
          {(flows ?? [current]).map((flow) => {
            const active = flow.id === current.id;
            return (
              <Button
                key={flow.id}
                component={Link}
                to={flowPath(botId, flow)}
                size="compact-sm"
                variant={active ? 'light' : 'subtle'}
                color={active ? 'indigo' : 'gray'}
                aria-current={active ? 'page' : undefined}
                title={flow.main ? 'The main flow: new conversations start here' : undefined}
              >
                {flow.name}
                {flow.main && flow.name.trim().toLowerCase() !== 'main' && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    main
                  </Text>
                )}
              </Button>
            );
          })}
        </Group>
      </ScrollArea>
      {!readOnly && (
        <>
          <Menu position="bottom-end" withinPortal>
            <Tooltip label={`Rename, duplicate or delete “${current.name}”`}>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More actions for the flow “${current.name}”`}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
            </Tooltip>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setDialog({ kind: 'rename' })}>
                Rename…
              </Menu.Item>
              <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => void duplicate()}>
                Duplicate
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                disabled={current.main}
                onClick={() => setDialog({ kind: 'delete' })}
                title={current.main ? 'The main flow cannot be deleted' : undefined}
              >
                Delete…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button size="compact-sm" variant="default" leftSection={<IconPlus size={14} />} onClick={() => setDialog({ kind: 'create' })} style={{ flexShrink: 0 }}>
            New flow
          </Button>
        </>
      )}
      <NameModal
        title="New flow"
        initial=""
        submitLabel="Create"
        opened={dialog?.kind === 'create'}
        onClose={close}
        onSubmit={async (name) => {
          const created = await flowsApi.create(botId, name);
          close();
          await reload();
          await open(created);
        }}
      />
      <NameModal
        title={`Rename “${current.name}”`}
        initial={current.name}
        submitLabel="Rename"
        opened={dialog?.kind === 'rename'}
        onClose={close}
        onSubmit={async (name) => {
          await flowsApi.rename(botId, current.id, name);
          close();
          await reload();
        }}
      />
      <ConfirmModal opened={dialog?.kind === 'delete'} title={`Delete “${current.name}”?`} confirmLabel="Delete flow" onConfirm={remove} onClose={close}>
        <Stack gap="xs">
          <Text size="sm">The flow and its draft are deleted. Published versions keep their copy, so conversations already in it finish there.</Text>
          {deleteRefusal && (
            <Alert color="red" variant="light" role="alert" title="Not deleted">
              {deleteRefusal}
            </Alert>
          )}
        </Stack>
      </ConfirmModal>
    </Group>
  );
}
