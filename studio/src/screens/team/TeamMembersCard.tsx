// The team's members: change a role in place, reset a password, remove someone (after asking).
// The server guards the last admin; its refusal is shown as it says it.
import { ActionIcon, Button, Card, Group, Modal, PasswordInput, Select, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconUserMinus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { membersApi } from '../../api/access-api';
import { describeError } from '../../api/http';
import type { TeamUser } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ROLES } from './roles';

function ResetPasswordModal({ user, onClose }: { user: TeamUser | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    setSaving(true);
    try {
      await membersApi.resetPassword(user.id, password);
      notifications.show({ color: 'teal', message: `${user.email} has a new password; they were signed out everywhere` });
      setPassword('');
      setError(null);
      onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened={user !== null} onClose={onClose} title={`New password for ${user?.email ?? ''}`}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <PasswordInput label="New password" description="At least 10 characters. Give it to them in person; they are signed out everywhere." value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-autofocus />
          {error && (
            <Text c="red.8" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={password.length < 10}>
              Set the password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function TeamMembersCard({ users, meId, onChanged }: { users: TeamUser[]; meId: string | undefined; onChanged: () => void }) {
  const [resetting, setResetting] = useState<TeamUser | null>(null);
  const [removing, setRemoving] = useState<TeamUser | null>(null);
  const changeRole = async (user: TeamUser, role: string) => {
    try {
      await membersApi.update(user.id, { role });
      notifications.show({ color: 'teal', message: `${user.email} is now ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Role not changed', message: describeError(err) });
    }
    onChanged();
  };
  return (
    <Card withBorder radius="lg" padding="md">
      <Table aria-label="Team members" data-testid="team-users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={u.id} data-member={u.email}>
              <Table.Td>
                {u.email}
                {u.id === meId && (
                  <Text span c="dimmed" size="sm">
                    {' '}
                    (you)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{u.name ?? ''}</Table.Td>
              <Table.Td w={300}>
                <Select aria-label={`Role of ${u.email}`} data={ROLES} value={u.role} onChange={(v) => v && v !== u.role && void changeRole(u, v)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Tooltip label="Set a new password">
                    <ActionIcon variant="subtle" aria-label={`Set a new password for ${u.email}`} onClick={() => setResetting(u)}>
                      <IconKey size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Remove from the team">
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove ${u.email}`} onClick={() => setRemoving(u)}>
                      <IconUserMinus size={18} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <ConfirmModal
        opened={removing !== null}
        title={`Remove ${removing?.email ?? ''}?`}
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await membersApi.remove(removing.id);
            notifications.show({ color: 'teal', message: `${removing.email} was removed` });
          } catch (err) {
            notifications.show({ color: 'red', title: 'Not removed', message: describeError(err) });
          }
          setRemoving(null);
          onChanged();
        }}
      >
        They can no longer sign in; their sessions end and the API keys they made stop working.
      </ConfirmModal>
    </Card>
  );
}
