// A bot's live inbox: its conversations by status, channel and contact, the selected
// conversation's transcript as it happens, and an agent's controls (take over, reply, hand back).
import { Badge, Button, Card, Container, Grid, Group, ScrollArea, Select, Stack, Tabs, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBellRinging, IconPlayerPlay, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { conversationsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import { useLiveEvent } from '../../api/live';
import type { ConversationSummary } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';
import { AgentControls } from './AgentControls';
import { SystemLine } from '../../simulator/SystemLine';
import { buildTimeline } from '../../simulator/transcript-timeline';
import { STATUS_TABS, statusBadge } from './inbox-status';
import { TranscriptBubble } from './TranscriptBubble';
import { useTranscript } from './use-transcript';

const CHANNELS = [
  { value: '', label: 'All channels' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'sms', label: 'SMS' },
  { value: 'simulator', label: 'Simulator' },
];
const REFRESH_MS = 400;

export function InboxScreen() {
  const { botId = '' } = useParams();
  const { bot, error: botError, nodes, nodeNames } = useBotDetail(botId, { allFlows: true });
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const [status, setStatus] = useState('all');
  const [channel, setChannel] = useState('');
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query, 250);
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [handoffs, setHandoffs] = useState(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadList = useCallback(async () => {
    try {
      setList(await conversationsApi.list(botId, { status: status === 'all' ? '' : status, channel, q }));
      setListError(null);
    } catch (err) {
      setListError(describeError(err));
    }
  }, [botId, status, channel, q]);
  useEffect(() => {
    void loadList();
  }, [loadList]);

  /** Many events in a burst refresh the list once. */
  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      void loadList();
    }, REFRESH_MS);
  }, [loadList]);
  useEffect(() => () => void (refreshTimer.current && clearTimeout(refreshTimer.current)), []);

  const botTopic = botId ? { botId } : null;
  useLiveEvent(botTopic, 'conversation.updated', refreshSoon);
  useLiveEvent(botTopic, 'message.created', refreshSoon);
  useLiveEvent(botTopic, 'handoff.requested', (e) => {
    setHandoffs((n) => n + 1);
    refreshSoon();
    notifications.show({
      color: 'grape',
      icon: <IconBellRinging size={18} />,
      title: 'A contact asks for a person',
      message: (
        <Text size="sm">
          {e.note ? `“${e.note}” · ` : ''}
          <Link to={`/bots/${botId}/inbox?c=${e.conversationId}`}>Open the conversation</Link>
        </Text>
      ),
      autoClose: 10_000,
    });
  });

  const transcript = useTranscript(selected);
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [transcript.messages]);

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot) return <LoadingState label="Opening the inbox…" />;

  const select = (id: string) => setParams({ c: id });
  const conversation = transcript.conversation;
  return (
    <Container size="xl" component="main">
      <Stack gap="md">
        <BotNav botId={botId} botName={bot.name} current="inbox" />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card withBorder radius="lg" padding="sm">
              <Tabs
                value={status}
                onChange={(v) => {
                  setStatus(v ?? 'all');
                  if (v === 'handoff') setHandoffs(0);
                }}
                aria-label="Conversations by status"
              >
                <Tabs.List>
                  {STATUS_TABS.map((t) => (
                    <Tabs.Tab
                      key={t.value}
                      value={t.value}
                      px="xs"
                      rightSection={
                        t.value === 'handoff' && handoffs > 0 ? (
                          <Badge size="xs" circle color="grape" data-testid="handoff-badge" aria-label={`${handoffs} new requests for a person`}>
                            {handoffs}
                          </Badge>
                        ) : undefined
                      }
                    >
                      {t.label}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
              </Tabs>
              <Group gap="xs" mt="sm" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  size="xs"
                  leftSection={<IconSearch size={14} />}
                  placeholder="Search by contact"
                  aria-label="Search by contact"
                  value={query}
                  onChange={(e) => setQuery(e.currentTarget.value)}
                />
                <Select size="xs" w={140} aria-label="Channel" data={CHANNELS} value={channel} onChange={(v) => setChannel(v ?? '')} allowDeselect={false} />
              </Group>
              <ScrollArea h={520} mt="sm" type="auto">
                {listError && <ErrorState title="Could not load conversations" message={listError} onRetry={() => void loadList()} />}
                {!list && !listError && <LoadingState label="Loading conversations…" />}
                {list?.length === 0 && (
                  <Text size="sm" c="gray.7" ta="center" mt="lg">
                    No conversations here yet.
                  </Text>
                )}
                <Stack gap={4} role="list" aria-label="Conversations">
                  {list?.map((c) => (
                    <UnstyledButton
                      key={c.id}
                      role="listitem"
                      onClick={() => select(c.id)}
                      p="xs"
                      data-testid="conversation-row"
                      aria-current={c.id === selected || undefined}
                      style={{
                        borderRadius: 'var(--mantine-radius-md)',
                        background: c.id === selected ? 'var(--mantine-color-indigo-0)' : undefined,
                      }}
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <div style={{ minWidth: 0 }}>
                          <Text size="sm" fw={600} truncate>
                            {c.contact}
                          </Text>
                          <Text size="xs" c="gray.7" truncate>
                            {c.channel} · {c.nodeId ? `at ${nodeNames.get(c.nodeId) ?? c.nodeId}` : 'no step'} · {new Date(c.updatedAt).toLocaleString()}
                          </Text>
                        </div>
                        <StatusBadge conversation={c} size="sm" testId="conversation-row-status" />
                      </Group>
                    </UnstyledButton>
                  ))}
                </Stack>
              </ScrollArea>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder radius="lg" padding="sm" h="100%">
              {!selected && (
                <Text size="sm" c="gray.7" ta="center" mt="xl">
                  Choose a conversation to follow it live.
                </Text>
              )}
              {selected && transcript.error && <ErrorState title="Could not load the conversation" message={transcript.error} />}
              {selected && conversation && (
                <Stack gap="sm" h="100%">
                  <Group justify="space-between" wrap="nowrap">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={650} truncate>
                        {conversation.contact || list?.find((c) => c.id === conversation.id)?.contact || conversation.contactId}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {conversation.channel} · started {new Date(conversation.startedAt).toLocaleString()}
                        {conversation.nodeId ? ` · at “${nodeNames.get(conversation.nodeId) ?? conversation.nodeId}”` : ''}
                      </Text>
                    </div>
                    <Group gap="xs" wrap="nowrap">
                      <StatusBadge conversation={conversation} testId="conversation-status" />
                      <Button
                        component={Link}
                        to={`/bots/${botId}?replay=${conversation.id}`}
                        size="xs"
                        variant="light"
                        leftSection={<IconPlayerPlay size={14} />}
                        style={{ flexShrink: 0 }}
                      >
                        Replay on canvas
                      </Button>
                    </Group>
                  </Group>
                  <ScrollArea h={400} viewportRef={viewport} type="auto" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
                    <Stack gap={8} p="sm" role="log" aria-label="Transcript" aria-live="polite">
                      {buildTimeline(
                        transcript.messages.filter((m) => m.text.trim() !== ''),
                        transcript.notices,
                      ).map((item) =>
                        item.kind === 'notice' ? (
                          <SystemLine key={item.key} text={item.text} info={item.info} />
                        ) : (
                          <TranscriptBubble key={item.key} message={item.message} nodeName={item.message.nodeId ? nodeNames.get(item.message.nodeId) : undefined} />
                        ),
                      )}
                    </Stack>
                  </ScrollArea>
                  <AgentControls conversation={conversation} nodes={nodes} nodeNames={nodeNames} onChanged={transcript.setConversation} />
                </Stack>
              )}
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}

function StatusBadge({ conversation, size, testId }: { conversation: ConversationSummary; size?: 'sm'; testId: string }) {
  const badge = statusBadge(conversation);
  return (
    <Badge size={size} variant="light" color={badge.color} data-testid={testId} title={badge.title} tt="none" style={{ flexShrink: 0, overflow: 'visible' }}>
      {badge.label}
    </Badge>
  );
}
