// "Try a sentence": what the step would understand from a message, with the local model or the
// one the bot is configured with, before any contact writes it.
import type { AiTryIntentRequest } from '@botloom/shared';
import { Alert, Badge, Button, Group, Progress, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import { aiApi, type TriedIntent } from '../../api/ai-api';
import { ApiError } from '../../api/http';
import { useResources } from '../../panels/form/resources-context';
import type { IntentDraft } from './IntentsField';

function when(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

export function TryIntentBox({ data }: { nodeId: string; data: Record<string, unknown> }) {
  const { botId } = useResources();
  const [text, setText] = useState('');
  const [model, setModel] = useState<'configured' | 'local'>('configured');
  const [result, setResult] = useState<TriedIntent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const intents = ((data.intents as IntentDraft[] | undefined) ?? []).filter((i) => i.name && i.examples?.length);

  async function run() {
    if (!text.trim() || intents.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const threshold = typeof data.threshold === 'number' ? data.threshold : undefined;
      setResult(await aiApi.tryIntent(botId, { text, intents: intents as AiTryIntentRequest['intents'], threshold, model }));
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? (err.body.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') || err.message) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const { dates = [], numbers = [], emails = [], phones = [] } = result?.entities ?? {};
  const found = [
    ...dates.map((d) => ['Date', `${d.text} → ${when(d.start, result!.timezone)}${d.end ? ` to ${when(d.end, result!.timezone)}` : ''}`]),
    ...numbers.map((n) => ['Number', `${n.text} → ${n.value}`]),
    ...emails.map((e) => ['E-mail', e.value]),
    ...phones.map((p) => ['Phone', p.value]),
  ];
  return (
    <Stack gap="xs" component="section" aria-label="Try a sentence">
      <Title order={3} size="h6">
        Try a sentence
      </Title>
      {intents.length === 0 ? (
        <Text size="sm" c="dimmed">
          Add an intent with a few examples, then type a message here to see what the step understands.
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
              label="A message a contact might send"
              placeholder="can I come tomorrow at 3?"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void run();
                }
              }}
            />
            <Button leftSection={<IconSparkles size={16} />} loading={busy} disabled={!text.trim()} onClick={() => void run()}>
              Try
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
        <Stack gap={6} data-testid="try-intent-result" aria-live="polite">
          <Group gap="xs">
            <Text size="sm">Understood:</Text>
            <Badge color={result.intent === 'unknown' ? 'gray' : 'teal'} variant="light" size="lg" data-testid="tried-intent">
              {result.intent === 'unknown' ? 'Not understood' : result.intent}
            </Badge>
            <Text size="sm" data-testid="tried-confidence">
              {Math.round(result.confidence * 100)}% sure
            </Text>
          </Group>
          {result.ranking.slice(0, 5).map((r) => (
            <Group key={r.name} gap="xs" wrap="nowrap">
              <Text size="xs" w={110} truncate>
                {r.name}
              </Text>
              <Progress value={r.score * 100} style={{ flex: 1 }} aria-label={`${r.name}: ${Math.round(r.score * 100)}%`} />
            </Group>
          ))}
          {found.length > 0 ? (
            <Table withTableBorder fz="xs" data-testid="tried-entities">
              <Table.Tbody>
                {found.map(([kind, value], i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{kind}</Table.Td>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="xs" c="dimmed">
              No dates, numbers, e-mails or phone numbers found.
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {result.provider === 'local' ? 'Answered by the local model (no key, offline).' : `Answered by ${result.model}.`}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
