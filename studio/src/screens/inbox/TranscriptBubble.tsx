// One message of a transcript: the contact's on the left; the bot's (labelled with the step
// that sent it) and an agent's on the right.
import { Badge, Box, Group, Paper, Text } from '@mantine/core';
import type { TranscriptMessage } from '../../api/types';

export function TranscriptBubble({ message, nodeName }: { message: TranscriptMessage; nodeName?: string }) {
  const inbound = message.direction === 'in';
  const byAgent = message.sentBy === 'agent';
  return (
    <Box style={{ alignSelf: inbound ? 'flex-start' : 'flex-end', maxWidth: '75%' }} data-testid={`transcript-${inbound ? 'in' : byAgent ? 'agent' : 'bot'}`}>
      <Paper
        px="sm"
        py={6}
        radius="lg"
        bg={inbound ? 'white' : byAgent ? 'grape.0' : 'indigo.0'}
        withBorder={inbound}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        <Text size="sm">{message.text}</Text>
      </Paper>
      <Group gap={6} mt={2} justify={inbound ? 'flex-start' : 'flex-end'}>
        {!inbound && !byAgent && message.nodeId && (
          <Badge size="xs" variant="light" color="indigo" c="indigo.9" data-testid="message-node" tt="none">
            from {nodeName ?? message.nodeId}
          </Badge>
        )}
        {byAgent && (
          <Badge size="xs" variant="light" color="grape" c="grape.9" tt="none">
            agent
          </Badge>
        )}
        <Text size="xs" c="gray.7">
          {new Date(message.createdAt).toLocaleTimeString()}
          {message.status && !inbound ? ` · ${message.status}` : ''}
        </Text>
      </Group>
    </Box>
  );
}
