// A bot's analytics: for a published version, how its conversations went and where contacts
// dropped off (per node); and message volumes per channel per day.
import { LineChart } from '@mantine/charts';
import { Card, Container, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { analyticsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotAnalytics, MessageVolume } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';

const SERIES_COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'red.6'];

/** One row per day, one column per channel (messages in and out together). */
function volumesByDay(volumes: MessageVolume[]) {
  const channels = [...new Set(volumes.map((v) => v.channel))].sort();
  const days = new Map<string, Record<string, number | string>>();
  for (const v of volumes) {
    const row = days.get(v.day) ?? { day: v.day, ...Object.fromEntries(channels.map((c) => [c, 0])) };
    row[v.channel] = (row[v.channel] as number) + v.count;
    days.set(v.day, row);
  }
  return { channels, rows: [...days.values()].sort((a, b) => String(a.day).localeCompare(String(b.day))) };
}

export function AnalyticsScreen() {
  const { botId = '' } = useParams();
  const { bot, error: botError, nodeNames } = useBotDetail(botId);
  const [version, setVersion] = useState<string | null>(null);
  const [summary, setSummary] = useState<BotAnalytics | null>(null);
  const [summaryError, setSummaryError] = useState<string | null>(null);
  const [volumes, setVolumes] = useState<MessageVolume[] | null>(null);

  useEffect(() => {
    if (bot && !version && bot.publishedVersion > 0) setVersion(String(bot.publishedVersion));
  }, [bot, version]);
  useEffect(() => {
    if (!version) return;
    setSummary(null);
    analyticsApi.summary(botId, Number(version)).then(
      (s) => {
        setSummary(s);
        setSummaryError(null);
      },
      (err: unknown) => setSummaryError(describeError(err)),
    );
  }, [botId, version]);
  useEffect(() => {
    analyticsApi.messages(botId, 14).then(
      (v) => setVolumes(v.volumes),
      () => setVolumes([]),
    );
  }, [botId]);
  const chart = useMemo(() => volumesByDay(volumes ?? []), [volumes]);

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot) return <LoadingState label="Loading analytics…" />;
  const versions = Array.from({ length: bot.publishedVersion }, (_, i) => String(bot.publishedVersion - i));
  const numbers = summary?.conversations;
  return (
    <Container size="xl" component="main">
      <Stack gap="md">
        <BotNav
          botId={botId}
          botName={bot.name}
          current="analytics"
          actions={
            versions.length > 0 ? (
              <Select w={160} aria-label="Version" data={versions.map((v) => ({ value: v, label: `Version ${v}` }))} value={version} onChange={setVersion} allowDeselect={false} />
            ) : undefined
          }
        />
        {versions.length === 0 && (
          <Text c="gray.7">Publish the bot to see how its conversations go.</Text>
        )}
        {summaryError && <ErrorState title="Could not load the analytics" message={summaryError} />}
        {numbers && (
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            {(
              [
                ['Started', numbers.started],
                ['Completed', numbers.completed],
                ['Failed', numbers.failed],
                ['Active', numbers.active],
                ['Waiting', numbers.waiting],
                ['With an agent', numbers.handoff],
              ] as const
            ).map(([label, n]) => (
              <Card key={label} withBorder radius="lg" padding="md" data-testid="analytics-number">
                <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
                  {label}
                </Text>
                <Text size="xl" fw={700}>
                  {n}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
        <Card withBorder radius="lg" padding="md">
          <Title order={2} size="h4" mb="sm">
            Messages per channel, last 14 days
          </Title>
          {!volumes && <LoadingState label="Loading message volumes…" />}
          {volumes && chart.rows.length === 0 && <Text c="gray.7">No messages in the last 14 days.</Text>}
          {volumes && chart.rows.length > 0 && (
            <LineChart
              h={260}
              data={chart.rows}
              dataKey="day"
              series={chart.channels.map((c, i) => ({ name: c, color: SERIES_COLORS[i % SERIES_COLORS.length] }))}
              withLegend
              curveType="monotone"
              aria-label="Messages per channel per day"
            />
          )}
        </Card>
        {summary && (
          <Card withBorder radius="lg" padding="md">
            <Title order={2} size="h4" mb="sm">
              Drop-off by step (version {summary.version})
            </Title>
            <Table striped aria-label="Drop-off by step">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Step</Table.Th>
                  <Table.Th ta="right">Reached</Table.Th>
                  <Table.Th ta="right">Continued</Table.Th>
                  <Table.Th ta="right">Dropped off</Table.Th>
                  <Table.Th ta="right">Drop-off rate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...summary.nodes]
                  .sort((a, b) => b.dropOff - a.dropOff)
                  .map((n) => (
                    <Table.Tr key={n.nodeId} data-testid="dropoff-row">
                      <Table.Td>{nodeNames.get(n.nodeId) ?? n.nodeId}</Table.Td>
                      <Table.Td ta="right">{n.reached}</Table.Td>
                      <Table.Td ta="right">{n.continued}</Table.Td>
                      <Table.Td ta="right">{n.dropOff}</Table.Td>
                      <Table.Td ta="right">{n.reached > 0 ? `${Math.round((n.dropOff / n.reached) * 100)}%` : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
            {summary.nodes.length === 0 && (
              <Text size="sm" c="gray.7" mt="xs">
                No conversations on this version yet.
              </Text>
            )}
          </Card>
        )}
        <Group />
      </Stack>
    </Container>
  );
}
