// "Where next": each exit of the selected node and the step it leads to. The keyboard way to
// connect steps, and a readable list of what the lines on the canvas mean.
import { activeHandles, type NodeType } from '@botloom/shared';
import { Select, Stack, Title } from '@mantine/core';
import { useShallow } from 'zustand/react/shallow';
import { handleLabel } from '../canvas/handle-labels';
import { useFlowStore } from '../store/flow-store-context';
import { useStepChoices } from './step-choices';

// How each exit reads as a sentence in the panel ("If true, go to"); the canvas keeps its
// short words (handle-labels.ts) for the exits drawn on the card.
const EXIT_SENTENCES: Record<string, string> = {
  out: 'Then go to',
  true: 'If true, go to',
  false: 'If false, go to',
  success: 'If the call works, go to',
  failure: 'If the call fails, go to',
  failed: 'If not delivered, go to',
  answered: 'Once answered, go to',
  reply: 'Once the contact replies, go to',
  timeout: 'If no answer in time, go to',
  booked: 'Once booked, go to',
  cancelled: 'Once cancelled, go to',
  unavailable: 'If it cannot be done, go to',
  unknown: 'If not understood, go to',
};

/** Where a type's exit means something its name alone does not say. */
const TYPE_SENTENCES: Partial<Record<NodeType, Record<string, string>>> = {
  ai_reply: { failure: 'If it cannot answer, go to' },
};

export function exitSentence(handle: string, type?: NodeType): string {
  const own = type ? TYPE_SENTENCES[type]?.[handle] : undefined;
  if (own) return own;
  // the builder names an AI step's intents: each is what the contact means
  if (type === 'ai_intent' && !EXIT_SENTENCES[handle]) return `If the contact means “${handle}”, go to`;
  return EXIT_SENTENCES[handle] ?? `${handleLabel(handle).text}: go to`;
}

export function ConnectionsEditor({ nodeId, type, data }: { nodeId: string; type: NodeType; data: Record<string, unknown> }) {
  const exits = activeHandles(type, data);
  const edges = useFlowStore(useShallow((s) => s.edges.filter((e) => e.source === nodeId)));
  const connect = useFlowStore((s) => s.connect);
  const options = useStepChoices(nodeId);
  if (exits.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Where next">
      <Title order={3} size="h6">
        Where next
      </Title>
      {exits.map((handle) => {
        const edge = edges.find((e) => (e.sourceHandle ?? (exits.length === 1 ? exits[0] : null)) === handle);
        const label = exitSentence(handle, type);
        return (
          <Select
            key={handle}
            label={label}
            placeholder="Not connected"
            data={options}
            value={edge?.target ?? null}
            onChange={(target) => connect(nodeId, handle, target)}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
            data-exit={handle}
          />
        );
      })}
    </Stack>
  );
}
