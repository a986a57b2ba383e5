// The team (admins only): who can sign in and with which role, adding people, and the audit log.
import { Badge, Button, Card, Container, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { teamApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { AuditEntry, TeamUser } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';

const ROLES = [
  { value: 'admin', label: 'Admin: everything, including the team' },
  { value: 'editor', label: 'Editor: builds and publishes bots' },
  { value: 'agent', label: 'Agent: inbox, takeover, simulator' },
  { value: 'viewer', label: 'Viewer: reads only' },
];

function AddUserModal({ opened, onClose, onAdded }: { opened: boolean; onClose: () => void; onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>('editor');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await teamApi.addUser({ email: email.trim(), password, role: role ?? 'viewer', ...(name.trim() ? { name: name.trim() } : {}) });
      notifications.show({ color: 'teal', message: `${email} can now sign in` });
      setEmail('');
      setName('');
      setPassword('');
      onAdded();
      onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add someone to the team">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <PasswordInput label="Password" description="At least 10 characters" required minLength={10} value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Select label="Role" data={ROLES} value={role} onChange={setRole} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
          {error && (
            <Text c="red.8" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={password.length < 10 || !email.trim()}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function TeamScreen() {
  const isAdmin = useCan('users:manage');
  const [users, setUsers] = useState<TeamUser[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async () => {
    try {
      const [u, a] = await Promise.all([teamApi.users(), teamApi.auditLog()]);
      setUsers(u);
      setAudit(a);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, []);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin) return <ErrorState title="Only admins manage the team" message="Ask an admin to add people or change roles." />;
  if (error) return <ErrorState title="Could not load the team" message={error} onRetry={() => void load()} />;
  if (!users || !audit) return <LoadingState label="Loading the team…" />;
  return (
    <Container size="lg" component="main">
      <Stack gap="lg">
        <Group justify="space-between">
          <Title order={1} size="h2">
            Team
          </Title>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
            Add someone
          </Button>
        </Group>
        <Card withBorder radius="lg" padding="md">
          <Table aria-label="Team members" data-testid="team-users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{u.name ?? ''}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none">
                      {u.role}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder radius="lg" padding="md">
          <Title order={2} size="h4" mb="sm">
            Audit log
          </Title>
          <Table striped aria-label="Audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>On</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {audit.map((e) => (
                <Table.Tr key={e.id} data-testid="audit-row">
                  <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
                  <Table.Td>{e.actor ?? '—'}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>{[e.targetType, e.targetId].filter(Boolean).join(' ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {audit.length === 0 && (
            <Text size="sm" c="gray.7">
              Nothing recorded yet.
            </Text>
          )}
        </Card>
      </Stack>
      <AddUserModal opened={adding} onClose={() => setAdding(false)} onAdded={() => void load()} />
    </Container>
  );
}
