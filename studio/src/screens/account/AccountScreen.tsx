// Your account: where you are signed in, ending one of those sessions, or every one but this.
import { Badge, Button, Card, Container, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { sessionsApi, type SessionSummary } from '../../api/access-api';
import { describeError } from '../../api/http';
import { useAuth } from '../../app/auth-context';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';

export function AccountScreen() {
  const { user, signOut } = useAuth();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    sessionsApi.list().then(
      (s) => {
        setSessions(s);
        setError(null);
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, []);
  useEffect(load, [load]);

  const endOthers = async () => {
    const { ended } = await sessionsApi.endOthers();
    notifications.show({ color: 'teal', message: ended === 0 ? 'You were not signed in anywhere else' : `Signed out of ${ended} other ${ended === 1 ? 'session' : 'sessions'}` });
    load();
  };
  const end = async (s: SessionSummary) => {
    await sessionsApi.end(s.id);
    if (s.current) await signOut();
    else load();
  };

  if (error) return <ErrorState title="Could not load your sessions" message={error} onRetry={load} />;
  if (!sessions) return <LoadingState label="Loading your sessions…" />;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Container size="md">
      <Stack gap="lg">
        <Title order={1} size="h2">
          Your account
        </Title>
        <Text>
          Signed in as <b>{user?.email}</b> ({user?.role}).
        </Text>
        <Card withBorder radius="lg" padding="md" component="section" aria-labelledby="sessions-title">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4" id="sessions-title">
              Where you are signed in
            </Title>
            <Button variant="light" color="red" leftSection={<IconLogout size={16} />} onClick={() => void endOthers()} disabled={others === 0}>
              Sign out everywhere else
            </Button>
          </Group>
          <Table aria-label="Your sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Until</Table.Th>
                <Table.Th>Session</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s) => (
                <Table.Tr key={s.id} data-session-current={s.current}>
                  <Table.Td>{new Date(s.createdAt).toLocaleString()}</Table.Td>
                  <Table.Td>{s.ip || 'unknown address'}</Table.Td>
                  <Table.Td>{new Date(s.expiresAt).toLocaleDateString()}</Table.Td>
                  <Table.Td>
                    {s.current ? (
                      <Badge variant="light" color="green" tt="none">
                        This browser
                      </Badge>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" onClick={() => void end(s)}>
                        Sign out
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </Stack>
    </Container>
  );
}
