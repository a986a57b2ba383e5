// "Try a question": what the step would answer, from its instructions and knowledge.
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMessageChatbot } from '@tabler/icons-react';
import { useState } from 'react';
import { aiApi, type TriedReply } from '../../api/ai-api';
import { ApiError } from '../../api/http';
import { useResources } from '../../panels/form/resources-context';

const SOURCES = { knowledge: 'Quoted from the knowledge', model: 'Written by the model', fallback: 'Could not answer' } as const;

export function TryReplyBox({ data }: { nodeId: string; data: Record<string, unknown> }) {
  const { botId } = useResources();
  const [message, setMessage] = useState('');
  const [model, setModel] = useState<'configured' | 'local'>('configured');
  const [result, setResult] = useState<TriedReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const instructions = typeof data.instructions === 'string' ? data.instructions : '';

  async function run() {
    if (!message.trim() || !instructions.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const knowledge = typeof data.knowledge === 'string' && data.knowledge.trim() ? data.knowledge : undefined;
      const fallback = typeof data.fallback === 'string' && data.fallback.trim() ? data.fallback : undefined;
      setResult(await aiApi.tryReply(botId, { message, instructions, knowledge, fallback, model }));
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" component="section" aria-label="Try a question">
      <Title order={3} size="h6">
        Try a question
      </Title>
      {!instructions.trim() ? (
        <Text size="sm" c="dimmed">
          Write the instructions first, then ask a question here to see the answer.
        </Text>
      ) : (
        <>
          <SegmentedControl
            size="xs"
            value={model}
            onChange={(v) => setModel(v as 'configured' | 'local')}
            data={[
              { value: 'configured', label: "The bot's model" },
              { value: 'local', label: 'Local model' },
            ]}
            aria-label="Which model to try"
          />
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label="A question a contact might ask"
              placeholder="how much is a check-up?"
              value={message}
              onChange={(e) => setMessage(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void run();
                }
              }}
            />
            <Button leftSection={<IconMessageChatbot size={16} />} loading={busy} disabled={!message.trim()} onClick={() => void run()}>
              Ask
            </Button>
          </Group>
        </>
      )}
      {error && (
        <Alert color="red" variant="light" p="xs" role="alert">
          {error}
        </Alert>
      )}
      {result && (
        <Paper withBorder p="xs" data-testid="try-reply-result" aria-live="polite">
          <Text size="sm">{result.text}</Text>
          <Group gap="xs" mt={4}>
            <Badge size="sm" color={result.source === 'fallback' ? 'orange' : 'teal'} variant="light">
              {SOURCES[result.source]}
            </Badge>
            <Text size="xs" c="dimmed">
              {result.provider === 'local' ? 'Local model' : result.model}
            </Text>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
