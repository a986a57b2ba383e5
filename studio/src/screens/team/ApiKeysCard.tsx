// API keys for scripts: create one (shown once, with a copy button), see when each was last used,
// revoke one (it stops working at once).
import { ActionIcon, Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCopy, IconKeyOff, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { apiKeysApi, type ApiKeySummary } from '../../api/access-api';
import { describeError } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ROLE_NAMES, ROLES } from './roles';

function NewKeyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('viewer');
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setName('');
    setKey(null);
    setError(null);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await apiKeysApi.create(name.trim(), role ?? 'viewer');
      setKey(created.key);
      setError(null);
      onCreated();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={key ? 'Your new API key' : 'New API key'} size="lg">
      {key ? (
        <Stack gap="sm">
          <Alert color="yellow" title="Copy it now">
            This is the only time the key is shown. Botloom keeps only a fingerprint of it.
          </Alert>
          <Group gap="xs" wrap="nowrap">
            <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="new-api-key">
              {key}
            </Code>
            <CopyButton value={key}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy'}>
                  <ActionIcon variant="light" onClick={copy} aria-label="Copy the key">
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Text size="sm">
            Send it as <Code>Authorization: Bearer …</Code> to any API call.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <TextInput label="Name" description="What uses it, e.g. “Nightly export”." value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
            <Select label="Role" data={ROLES} value={role} onChange={setRole} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
            {error && (
              <Text c="red.8" size="sm" role="alert">
                {error}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={!name.trim()}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function ApiKeysCard() {
  const [keys, setKeys] = useState<ApiKeySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);
  const load = useCallback(() => {
    apiKeysApi.list().then(
      (k) => {
        setKeys(k);
        setError(null);
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, []);
  useEffect(load, [load]);
  return (
    <Card withBorder radius="lg" padding="md" component="section" aria-labelledby="api-keys-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="api-keys-title">
          API keys
        </Title>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          New API key
        </Button>
      </Group>
      {error && (
        <Text c="red.8" role="alert">
          {error}
        </Text>
      )}
      {keys && keys.length === 0 && <Text c="dimmed">No keys yet. Scripts and other systems use a key instead of a person’s password.</Text>}
      {keys && keys.length > 0 && (
        <Table aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Starts with</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Made by</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((k) => (
              <Table.Tr key={k.id} data-api-key={k.name}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>{ROLE_NAMES[k.role] ?? k.role}</Table.Td>
                <Table.Td>
                  <Code>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'Never'}</Table.Td>
                <Table.Td>{k.createdBy ?? '—'}</Table.Td>
                <Table.Td>
                  {k.revokedAt ? (
                    <Badge color="gray" variant="light" tt="none">
                      Revoked
                    </Badge>
                  ) : (
                    <Button size="xs" variant="subtle" color="red" leftSection={<IconKeyOff size={14} />} onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewKeyModal opened={creating} onClose={() => setCreating(false)} onCreated={load} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (revoking) await apiKeysApi.revoke(revoking.id);
          setRevoking(null);
          load();
        }}
      >
        Anything still using this key is refused from now on.
      </ConfirmModal>
    </Card>
  );
}
