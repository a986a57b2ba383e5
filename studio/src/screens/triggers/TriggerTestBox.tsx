// "Try a message": which keyword trigger a text would fire, and why each other one would not.
import { Badge, Button, Card, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '../../api/http';
import { triggersApi, type TriggerTestAnswer } from '../../api/triggers-api';

export function TriggerTestBox({ botId }: { botId: string }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<TriggerTestAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      setAnswer(await triggersApi.test(botId, text));
      setError(null);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="lg" padding="md" component="section" aria-labelledby="trigger-test-title">
      <Stack gap="sm">
        <Text fw={600} id="trigger-test-title">
          Try a message
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput style={{ flex: 1 }} label="A message a contact might send" placeholder="menu" value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={4000} />
            <Button type="submit" loading={busy} leftSection={<IconPlayerPlay size={16} />} disabled={!text.trim()}>
              Test
            </Button>
          </Group>
        </form>
        {error && (
          <Text c="red.8" size="sm" role="alert">
            {error}
          </Text>
        )}
        {answer && (
          <Stack gap={6} aria-live="polite" data-testid="trigger-test-answer">
            <Group gap="xs">
              <Badge color={answer.matched ? 'green' : 'gray'} variant="light">
                {answer.matched ? `Starts “${answer.trigger?.name}”` : 'Nothing fires'}
              </Badge>
              <Text size="sm">{answer.matched ? answer.trigger?.reason : answer.reason}</Text>
            </Group>
            {answer.verdicts.length > 0 && (
              <List size="sm" spacing={2}>
                {answer.verdicts
                  .filter((v) => v.triggerId !== answer.trigger?.triggerId)
                  .map((v) => (
                    <List.Item key={v.triggerId}>
                      <Text span fw={500} size="sm">
                        {v.name}
                      </Text>
                      : {v.reason}
                    </List.Item>
                  ))}
              </List>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
