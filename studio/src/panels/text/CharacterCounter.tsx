// "123 / 4,096" under a text with a limit; past the limit it turns to the warning colour and
// says by how much. Nothing is cut: the draft keeps every character.
import { Text } from '@mantine/core';
import { counterState } from './character-count';

export function CharacterCounter({ text, max }: { text: string; max: number }) {
  const state = counterState(text, max);
  return (
    <Text
      size="xs"
      c={state.over ? 'orange.9' : 'gray.7'}
      fw={state.over ? 700 : undefined}
      data-testid="char-counter"
      data-over={state.over || undefined}
      title={state.spoken}
      style={{ whiteSpace: 'nowrap', marginLeft: 'auto' }}
    >
      {state.over ? `Too long: ${state.text}` : state.text}
    </Text>
  );
}
