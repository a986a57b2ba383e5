// What the AI steps cost: model calls and tokens over the last 30 days, and the conversations
// that used the most. The local model spends no tokens; its calls are still counted.
import { Anchor, Card, Group, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { aiApi, type AiUsageReport } from '../../api/ai-api';
import { describeError } from '../../api/http';
import { LoadingState } from '../../components/LoadingState';

const number = new Intl.NumberFormat();

export function AiUsageCard({ botId }: { botId: string }) {
  const [usage, setUsage] = useState<AiUsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    aiApi.usage(botId, 30).then(setUsage, (err: unknown) => setError(describeError(err)));
  }, [botId]);
  const models = [...new Set((usage?.byDay ?? []).map((r) => (r.provider === 'local' ? 'the local model' : r.model)))];
  return (
    <Card withBorder radius="lg" padding="md" data-testid="ai-usage">
      <Title order={2} size="h4" mb="sm">
        AI steps, last 30 days
      </Title>
      {error && <Text c="red.8">{error}</Text>}
      {!usage && !error && <LoadingState label="Loading AI usage…" />}
      {usage && usage.totals.calls === 0 && <Text c="gray.7">No AI step has run in the last 30 days.</Text>}
      {usage && usage.totals.calls > 0 && (
        <>
          <Group gap="xl" mb="sm">
            <div>
              <Text size="xl" fw={700} data-testid="ai-calls">
                {number.format(usage.totals.calls)}
              </Text>
              <Text size="sm" c="gray.7">
                model calls
              </Text>
            </div>
            <div>
              <Text size="xl" fw={700} data-testid="ai-tokens">
                {number.format(usage.totals.promptTokens + usage.totals.completionTokens)}
              </Text>
              <Text size="sm" c="gray.7">
                tokens ({number.format(usage.totals.promptTokens)} read, {number.format(usage.totals.completionTokens)} written)
              </Text>
            </div>
          </Group>
          <Text size="sm" c="gray.7" mb="xs">
            Answered by {models.join(', ')}.
          </Text>
          {usage.topConversations.length > 0 && (
            <Table striped aria-label="Conversations that used the most tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Conversation</Table.Th>
                  <Table.Th ta="right">Calls</Table.Th>
                  <Table.Th ta="right">Tokens</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.topConversations.slice(0, 5).map((c) => (
                  <Table.Tr key={c.conversationId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/bots/${botId}/inbox?c=${c.conversationId}`} size="sm">
                        …{c.conversationId.slice(-6)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{c.calls}</Table.Td>
                    <Table.Td ta="right">{number.format(c.promptTokens + c.completionTokens)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Card>
  );
}
