// A bot's analytics: for a published version, how its conversations went and where contacts
// dropped off (per node, also shown on the canvas); message volumes per channel per day; and
// the delivery outcomes of outbound messages per channel.
import { LineChart } from '@mantine/charts';
import { Anchor, Card, Container, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
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

const STATUS_ORDER = ['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'suppressed'];

/** Outbound messages over the period: one row per channel, one column per delivery status. */
function outcomesByChannel(volumes: MessageVolume[]) {
  const out = volumes.filter((v) => v.direction === 'out');
  const rank = (s: string) => (STATUS_ORDER.includes(s) ? STATUS_ORDER.indexOf(s) : STATUS_ORDER.length);
  const statuses = [...new Set(out.map((v) => v.status))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const channels = new Map<string, Record<string, number>>();
  for (const v of out) {
    const row = channels.get(v.channel) ?? {};
    row[v.status] = (row[v.status] ?? 0) + v.count;
    channels.set(v.channel, row);
  }
  return { statuses, rows: [...channels.entries()].sort(([a], [b]) => a.localeCompare(b)) };
}

export function AnalyticsScreen() {
  const { botId = '' } = useParams();
  const { bot, error: botError, nodeNames } = useBotDetail(botId, { allFlows: true });
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
  const outcomes = useMemo(() => outcomesByChannel(volumes ?? []), [volumes]);

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
        <Card withBorder radius="lg" padding="md">
          <Title order={2} size="h4" mb="sm">
            Delivery of outbound messages, last 14 days
          </Title>
          {volumes && outcomes.rows.length === 0 && <Text c="gray.7">No outbound messages in the last 14 days.</Text>}
          {outcomes.rows.length > 0 && (
            <Table striped aria-label="Outbound messages per status and channel">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Channel</Table.Th>
                  {outcomes.statuses.map((status) => (
                    <Table.Th key={status} ta="right" tt="capitalize">
                      {status}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outcomes.rows.map(([channel, counts]) => (
                  <Table.Tr key={channel} data-testid="delivery-row">
                    <Table.Td>{channel}</Table.Td>
                    {outcomes.statuses.map((status) => (
                      <Table.Td key={status} ta="right">
                        {counts[status] ?? 0}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        {summary && (
          <Card withBorder radius="lg" padding="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                Drop-off by step (version {summary.version})
              </Title>
              {summary.version === bot.publishedVersion && summary.nodes.length > 0 && (
                <Anchor component={Link} to={`/bots/${botId}?overlay=analytics`} size="sm">
                  Show on canvas
                </Anchor>
              )}
            </Group>
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
      </Stack>
    </Container>
  );
}
