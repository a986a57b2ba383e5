// Try the draft: a chat with the bot as a made-up contact, beside the canvas.
import { Alert, Button, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNodeNames } from '../nodes/use-node-names';
import { useFlowStore } from '../store/flow-store-context';
import { ChatBubble } from './ChatBubble';
import { SystemLine } from './SystemLine';
import { useSimulator } from './use-simulator';

const STATUS_TEXT: Record<string, string> = {
  active: 'Working…',
  waiting: 'Waiting for a reply at',
  completed: 'The conversation has ended. Send a message to start again.',
  failed: 'The conversation stopped because of an error.',
  handoff: 'Handed over to a person.',
};

export function SimulatorPanel({ botId, beforeSend }: { botId: string; beforeSend: () => Promise<boolean> }) {
  const sim = useSimulator(botId);
  const [text, setText] = useState('');
  const viewport = useRef<HTMLDivElement>(null);
  const atNode = useNodeNames().find((n) => n.id === sim.conversation?.nodeId);
  const waitingOn = useFlowStore((s) => s.nodes.find((n) => n.id === sim.conversation?.nodeId));

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [sim.lines]);

  const submit = async (event?: FormEvent, override?: string) => {
    event?.preventDefault();
    const message = (override ?? text).trim();
    if (!message || sim.restoring || !(await beforeSend())) return;
    setText('');
    await sim.send(message);
  };
  const restart = async () => {
    if (await beforeSend()) await sim.restart();
  };

  // a Wait's pause: nothing to answer, the timer moves it on (a question with a timeout still wants a reply)
  const timer = sim.conversation?.status === 'waiting' && waitingOn?.type === 'wait' && waitingOn.data.mode !== 'reply';
  const status = sim.conversation ? (timer ? 'Waiting on a timer at' : STATUS_TEXT[sim.conversation.status]) : undefined;
  return (
    <Stack h="100%" gap={0} data-testid="simulator">
      <Group justify="space-between" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Text size="xs" c="gray.7">
          Testing the draft as {sim.contact}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconRefresh size={14} />}
          onClick={() => void restart()}
          disabled={sim.sending || sim.restoring}
          aria-label="Restart the conversation"
        >
          Restart
        </Button>
      </Group>
      <ScrollArea style={{ flex: 1 }} viewportRef={viewport} type="auto" bg="gray.0">
        <Stack gap={6} p="sm" role="log" aria-label="Simulator conversation" aria-live="polite">
          {sim.restoring && (
            <Text size="sm" c="gray.7" ta="center" mt="lg">
              Opening the conversation…
            </Text>
          )}
          {sim.lines.length === 0 && !sim.sending && !sim.restoring && (
            <Text size="sm" c="gray.7" ta="center" mt="lg">
              Say hello to start a conversation with the draft bot.
            </Text>
          )}
          {sim.lines.map((l) =>
            l.from === 'system' ? (
              <SystemLine key={l.key} text={l.text} info={l.info} />
            ) : (
              <ChatBubble key={l.key} line={l} disabled={sim.sending} onChoose={(n) => void submit(undefined, String(n))} />
            ),
          )}
        </Stack>
      </ScrollArea>
      {sim.error && (
        <Alert color="red" variant="light" m="xs" p="xs" role="alert">
          {sim.error}
        </Alert>
      )}
      {status && (
        <Text size="xs" c="gray.7" px="sm" pt={4} data-testid="simulator-status">
          {status} {sim.conversation?.status === 'waiting' && atNode ? `“${atNode.name}”` : ''}
          {sim.conversation?.status === 'waiting' && !timer ? ' · answer below to continue, or restart' : ''}
          {sim.polling ? ' · new messages appear automatically' : ''}
        </Text>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <Group gap={6} p="sm" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            placeholder="Type a message…"
            aria-label="Message to the bot"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            maxLength={4096}
          />
          <Button type="submit" loading={sim.sending} disabled={text.trim() === ''} aria-label="Send" px="sm">
            <IconSend size={16} />
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
