// One message in the simulator; a bot's choices are chips that send their number.
import { Anchor, Box, Button, Group, Text } from '@mantine/core';
import type { ChatLine } from './use-simulator';

export function ChatBubble({ line, disabled, onChoose }: { line: ChatLine; disabled: boolean; onChoose: (n: number) => void }) {
  const mine = line.from === 'contact';
  return (
    <Box style={{ alignSelf: mine ? 'flex-end' : 'flex-start', maxWidth: '85%' }} data-from={line.from}>
      <Box
        px="sm"
        py={6}
        style={{
          borderRadius: 12,
          background: mine ? 'var(--mantine-color-indigo-7)' : 'var(--mantine-color-white)',
          color: mine ? 'white' : 'var(--mantine-color-black)',
          border: mine ? undefined : '1px solid var(--mantine-color-gray-3)',
        }}
      >
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
          data-testid={mine ? 'sim-contact-message' : 'sim-bot-message'}
        >
          {line.text}
        </Text>
        {line.mediaUrl && (
          <Anchor href={line.mediaUrl} target="_blank" rel="noreferrer" size="xs">
            Attachment
          </Anchor>
        )}
      </Box>
      {line.choices && line.choices.length > 0 && (
        <Group gap={4} mt={4}>
          {line.choices.map((choice, i) => (
            <Button
              key={i}
              size="compact-xs"
              variant="light"
              radius="xl"
              disabled={disabled}
              onClick={() => onChoose(i + 1)}
              aria-label={`Answer ${i + 1}: ${choice}`}
            >
              {i + 1}. {choice}
            </Button>
          ))}
        </Group>
      )}
    </Box>
  );
}
