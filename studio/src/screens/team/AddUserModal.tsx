// Adds someone to the team: email, name, a first password and a role.
import { Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { teamApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import { ROLES } from './roles';

export function AddUserModal({ opened, onClose, onAdded }: { opened: boolean; onClose: () => void; onAdded: () => void }) {
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

