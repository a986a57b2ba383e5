// Every node type, with its icon and a plain-language description. Drag one onto the canvas,
// or press Enter on it to add it in the middle of the view.
import { nodeCatalogue, type NodeType } from '@botloom/shared';
import { Group, ScrollArea, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import { CATEGORY_COLORS } from '../app/theme';
import { NodeIcon } from '../components/NodeIcon';
import { PALETTE_ORDER } from '../nodes/registry';
import { useFlowStore } from '../store/flow-store-context';
import classes from './Palette.module.css';
import { NODE_TYPE_MIME } from './palette-drag';

function PaletteItem({ type, disabled, onAdd }: { type: NodeType; disabled: boolean; onAdd: (type: NodeType) => void }) {
  const meta = nodeCatalogue[type];
  const color = CATEGORY_COLORS[meta.category] ?? 'gray';
  // named by what it shows, its name then its description, so speech and sight agree
  return (
    <UnstyledButton
      className={classes.item}
      draggable={!disabled}
      disabled={disabled}
      aria-disabled={disabled}
      data-node-type={type}
      title={disabled ? 'A flow has exactly one Start' : 'Drag onto the canvas, or press Enter to add'}
      onDragStart={(event) => {
        event.dataTransfer.setData(NODE_TYPE_MIME, type);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onClick={() => onAdd(type)}
    >
      <Group gap={10} wrap="nowrap" align="flex-start">
        <ThemeIcon size={30} radius="md" color={color} variant="light">
          <NodeIcon name={meta.icon} size={18} />
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {meta.label}
          </Text>
          <Text size="xs" c="gray.7" lineClamp={2}>
            {meta.description}
          </Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}

function PaletteView({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const hasStart = useFlowStore((s) => s.nodes.some((n) => n.type === 'start'));
  return (
    <nav className={classes.palette} aria-label="Steps you can add">
      <Title order={2} size="h6" px="sm" pt="sm" pb={4} c="gray.7" tt="uppercase">
        Steps
      </Title>
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap={4} p="xs">
          {PALETTE_ORDER.map((type) => (
            <PaletteItem key={type} type={type} disabled={type === 'start' && hasStart} onAdd={onAdd} />
          ))}
        </Stack>
      </ScrollArea>
      <Text size="xs" c="gray.7" p="sm">
        Drag a step onto the canvas, then connect its exits.
      </Text>
    </nav>
  );
}

export const Palette = memo(PaletteView);
