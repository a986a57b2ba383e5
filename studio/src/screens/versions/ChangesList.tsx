// The legend and the list of what changed between two flows, in plain words; each step in the
// list is a button that brings it into view on the canvas.
import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useReactFlow } from '@xyflow/react';
import type { Comparison } from './compare-model';
import classes from './VersionScreen.module.css';

const SWATCH = { added: classes.swatchAdded, removed: classes.swatchRemoved, changed: classes.swatchChanged };

const LEGEND = [
  { kind: 'added', sign: '+', label: 'Added step' },
  { kind: 'removed', sign: '−', label: 'Removed step' },
  { kind: 'changed', sign: '✎', label: 'Changed step' },
] as const;

function Swatch({ kind, sign }: { kind: 'added' | 'removed' | 'changed'; sign: string }) {
  return (
    <span className={`${classes.swatch} ${SWATCH[kind]}`} aria-hidden>
      {sign}
    </span>
  );
}

export function Legend() {
  return (
    <Group gap="md" aria-label="Legend" role="list">
      {LEGEND.map((l) => (
        <Group key={l.kind} gap={6} role="listitem">
          <Swatch kind={l.kind} sign={l.sign} />
          <Text size="sm">{l.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

export function ChangesList({ comparison, fromLabel, toLabel }: { comparison: Comparison; fromLabel: string; toLabel: string }) {
  const { fitView } = useReactFlow();
  const { diff, steps, names } = comparison;
  const name = (id: string) => names.get(id) ?? id;
  const show = (id: string) => void fitView({ nodes: [{ id }], maxZoom: 1.2, duration: 250 });
  const edgeWords = (key: string) => {
    const [from, to] = key.split('->');
    const [source, handle] = from!.split(':');
    return `${name(source!)}${handle ? ` (${handle})` : ''} → ${name(to!)}`;
  };
  const nothing =
    diff.addedNodes.length + diff.removedNodes.length + steps.length + diff.addedEdges.length + diff.removedEdges.length === 0;
  const stepButton = (id: string, kind: 'added' | 'removed' | 'changed', sign: string, verb: string) => (
    <Button
      variant="subtle"
      size="compact-sm"
      justify="flex-start"
      leftSection={<Swatch kind={kind} sign={sign} />}
      onClick={() => show(id)}
      aria-label={`${verb}: ${name(id)} (show on the canvas)`}
    >
      {verb}: {name(id)}
    </Button>
  );
  return (
    <Stack p="md" gap="sm" aria-label="Changes">
      <Title order={2} size="h5">
        Changes from {fromLabel} to {toLabel}
      </Title>
      <Legend />
      {nothing && <Text c="gray.7">No changes to the steps or connections (only the layout, if anything).</Text>}
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {diff.addedNodes.map((id) => (
          <li key={`a-${id}`}>{stepButton(id, 'added', '+', 'Added')}</li>
        ))}
        {diff.removedNodes.map((id) => (
          <li key={`r-${id}`}>{stepButton(id, 'removed', '−', 'Removed')}</li>
        ))}
        {steps.map((s) => (
          <li key={`c-${s.nodeId}`} data-changed-step={s.nodeId}>
            {stepButton(s.nodeId, 'changed', '✎', 'Changed')}
            <List size="sm" ml="xl" mt={2}>
              {s.fields.map((f) => (
                <List.Item key={f.field}>{f.text}</List.Item>
              ))}
            </List>
          </li>
        ))}
      </Stack>
      {(diff.addedEdges.length > 0 || diff.removedEdges.length > 0) && (
        <>
          <Title order={3} size="h6" mt="sm">
            Connections
          </Title>
          <List size="sm" spacing={2}>
            {diff.addedEdges.map((k) => (
              <List.Item key={`ae-${k}`}>+ Connected {edgeWords(k)}</List.Item>
            ))}
            {diff.removedEdges.map((k) => (
              <List.Item key={`re-${k}`}>− No longer connected {edgeWords(k)}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
