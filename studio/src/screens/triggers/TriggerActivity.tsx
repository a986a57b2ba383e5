// A trigger's activity: firings per day over the last 30 days, and its latest firings with why.
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Drawer, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/http';
import { triggersApi, type Trigger, type TriggerDayCount, type TriggerLogEntry } from '../../api/triggers-api';

const OUTCOME_COLOR = { fired: 'green', skipped: 'gray', failed: 'red' } as const;
const OUTCOME_WORDS = { fired: 'Started', skipped: 'Not started', failed: 'Failed' } as const;

export function TriggerActivity({ botId, trigger, onClose }: { botId: string; trigger: Trigger | null; onClose: () => void }) {
  const [days, setDays] = useState<TriggerDayCount[] | null>(null);
  const [logs, setLogs] = useState<TriggerLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!trigger) return;
    setDays(null);
    setLogs(null);
    Promise.all([triggersApi.stats(botId, trigger.id, 30), triggersApi.logs(botId, trigger.id, 50)]).then(
      ([stats, entries]) => {
        setDays(stats.days);
        setLogs(entries);
        setError(null);
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, [botId, trigger]);

  return (
    <Drawer opened={trigger !== null} onClose={onClose} position="right" size="lg" title={trigger ? `Activity of “${trigger.name}”` : ''}>
      <Stack gap="md">
        {error && (
          <Text c="red.8" role="alert">
            {error}
          </Text>
        )}
        <Text fw={600}>Last 30 days</Text>
        {days && (
          <BarChart
            h={160}
            data={days.map((d) => ({ ...d, day: d.day.slice(5) }))}
            dataKey="day"
            type="stacked"
            series={[
              { name: 'fired', label: 'Started', color: 'green.7' },
              { name: 'skipped', label: 'Not started', color: 'gray.5' },
              { name: 'failed', label: 'Failed', color: 'red.7' },
            ]}
            withLegend
            aria-label="Firings per day"
          />
        )}
        <Text fw={600}>Latest firings</Text>
        {logs && logs.length === 0 && <Text c="dimmed">It has not fired yet.</Text>}
        {logs && logs.length > 0 && (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {logs.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{new Date(l.at).toLocaleString()}</Table.Td>
                  <Table.Td>{l.contact ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={OUTCOME_COLOR[l.outcome]}>
                      {OUTCOME_WORDS[l.outcome]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {l.reason}
                    {l.conversationId && (
                      <>
                        {' '}
                        <Anchor component={Link} to={`/bots/${botId}/inbox?c=${l.conversationId}`} size="sm">
                          Open the conversation
                        </Anchor>
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Drawer>
  );
}
