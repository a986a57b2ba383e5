// A bot's triggers: what starts its flows besides a contact writing first. Each in plain words,
// switched on and off in place, changed in a form, tried with a test message, and with its
// activity (firings per day, the latest firings and why) one click away.
import { ActionIcon, Alert, Badge, Button, Card, Container, Group, Stack, Switch, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { describeTrigger } from '@botloom/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { describeError } from '../../api/http';
import { flowsApi, triggersApi, type FlowSummary, type Trigger, type TriggerInput } from '../../api/triggers-api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { roleCan } from '../../app/permissions';
import { useAuth } from '../../app/auth-context';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';
import { TriggerActivity } from './TriggerActivity';
import { TriggerForm } from './TriggerForm';
import { TriggerTestBox } from './TriggerTestBox';

const KIND_WORDS = { keyword: 'Keyword', event: 'Event', schedule: 'Schedule' } as const;

export function TriggersScreen() {
  const { botId = '' } = useParams();
  const { user } = useAuth();
  const canEdit = roleCan(user?.role, 'bots:write');
  const { bot, error: botError } = useBotDetail(botId);
  const [triggers, setTriggers] = useState<Trigger[] | null>(null);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Trigger | null>(null);
  const [watching, setWatching] = useState<Trigger | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, flowList] = await Promise.all([triggersApi.list(botId), flowsApi.list(botId)]);
      setTriggers(list);
      setFlows(flowList);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId]);
  useEffect(() => {
    void load();
  }, [load]);
  const flowName = useMemo(() => new Map(flows.map((f) => [f.id, f.name])), [flows]);

  const save = async (input: TriggerInput, existing: Trigger | null) => {
    const saved = existing ? await triggersApi.update(botId, existing.id, input) : await triggersApi.create(botId, input);
    notifications.show({ color: 'green', message: existing ? `“${saved.name}” saved` : `“${saved.name}” created` });
    setEditing(null);
    await load();
  };

  const toggle = async (t: Trigger, active: boolean) => {
    setTriggers((list) => list?.map((x) => (x.id === t.id ? { ...x, active } : x)) ?? null);
    try {
      await triggersApi.update(botId, t.id, { active });
    } catch (err) {
      notifications.show({ color: 'red', message: `Could not switch “${t.name}” ${active ? 'on' : 'off'}: ${describeError(err)}` });
    }
    await load();
  };

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot) return <LoadingState label="Loading triggers…" />;
  return (
    <Container size="xl">
      <Stack gap="md">
        <BotNav
          botId={botId}
          botName={bot.name}
          current="triggers"
          actions={
            canEdit && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} disabled={flows.length === 0}>
                New trigger
              </Button>
            )
          }
        />
        <Text c="dimmed" size="sm">
          Triggers start a flow without waiting for the contact to write first: on a keyword in any message (even in the middle of another conversation), on an event, or on a schedule.
        </Text>
        {/* honest about the state of the work: remove once schedules run (issue 10, point 5) */}
        <Alert color="yellow" title="Schedules are not live yet" data-testid="triggers-not-live">
          Keyword and event triggers start conversations. Schedule triggers are saved and show their next runs, but do not run yet.
        </Alert>
        {error && <ErrorState title="Could not load the triggers" message={error} />}
        {triggers && triggers.length === 0 && (
          <Card withBorder radius="lg" padding="lg">
            <Text>No triggers yet. A contact who writes starts the main flow.</Text>
          </Card>
        )}
        {triggers && triggers.length > 0 && (
          <Card withBorder radius="lg" padding={0}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Triggers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>On</Table.Th>
                  <Table.Th>Trigger</Table.Th>
                  <Table.Th>Starts</Table.Th>
                  <Table.Th>Priority</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {triggers.map((t) => (
                  <Table.Tr key={t.id} data-trigger-name={t.name}>
                    <Table.Td>
                      <Switch checked={t.active} onChange={(e) => void toggle(t, e.currentTarget.checked)} disabled={!canEdit} aria-label={`${t.name} is ${t.active ? 'on' : 'off'}`} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <Text fw={600}>{t.name}</Text>
                        <Badge variant="light" color="gray" tt="none">
                          {KIND_WORDS[t.type]}
                        </Badge>
                      </Group>
                      <Text size="sm">{describeTrigger(t)}</Text>
                      {t.upcoming && t.upcoming.length > 0 && (
                        <Text size="xs" c="dimmed">
                          Next: {t.upcoming.map((d) => new Date(d).toLocaleString()).join(' · ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{flowName.get(t.flowId) ?? 'a deleted flow'}</Table.Td>
                    <Table.Td>{t.priority}</Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label="Activity">
                          <ActionIcon variant="subtle" aria-label={`Activity of ${t.name}`} onClick={() => setWatching(t)}>
                            <IconActivity size={18} />
                          </ActionIcon>
                        </Tooltip>
                        {canEdit && (
                          <>
                            <Tooltip label="Change">
                              <ActionIcon variant="subtle" aria-label={`Change ${t.name}`} onClick={() => setEditing(t)}>
                                <IconPencil size={18} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip label="Delete">
                              <ActionIcon variant="subtle" color="red" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t)}>
                                <IconTrash size={18} />
                              </ActionIcon>
                            </Tooltip>
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
        <TriggerTestBox botId={botId} />
      </Stack>
      <TriggerForm opened={editing !== null} trigger={editing === 'new' ? null : editing} flows={flows} botTimezone={bot.timezone ?? 'UTC'} onClose={() => setEditing(null)} onSave={save} />
      <TriggerActivity botId={botId} trigger={watching} onClose={() => setWatching(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this trigger?"
        confirmLabel="Delete"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await triggersApi.remove(botId, deleting.id);
          setDeleting(null);
          await load();
        }}
      >
        “{deleting?.name}” stops starting its flow. Its log is kept.
      </ConfirmModal>
    </Container>
  );
}
