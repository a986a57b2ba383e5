// The team (admins only): who can sign in and with which role (changed in place), adding and
// removing people, new passwords, API keys for scripts, and the audit log.
import { Button, Container, Group, Stack, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { teamApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { AuditEntry, TeamUser } from '../../api/types';
import { useAuth } from '../../app/auth-context';
import { useCan } from '../../app/permissions';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { AddUserModal } from './AddUserModal';
import { ApiKeysCard } from './ApiKeysCard';
import { AuditLogCard } from './AuditLogCard';
import { TeamMembersCard } from './TeamMembersCard';

export function TeamScreen() {
  const isAdmin = useCan('users:manage');
  const { user } = useAuth();
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
    <Container size="lg">
      <Stack gap="lg">
        <Group justify="space-between">
          <Title order={1} size="h2">
            Team
          </Title>
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
            Add someone
          </Button>
        </Group>
        <TeamMembersCard users={users} meId={user?.id} onChanged={() => void load()} />
        <ApiKeysCard />
        <AuditLogCard entries={audit} />
      </Stack>
      <AddUserModal opened={adding} onClose={() => setAdding(false)} onAdded={() => void load()} />
    </Container>
  );
}
