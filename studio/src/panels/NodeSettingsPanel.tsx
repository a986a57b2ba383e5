// The side panel for the selected step: what it does, its settings form, where it leads.
import { nodeCatalogue, type FlowIssue } from '@botloom/shared';
import { Alert, Button, Divider, Group, ScrollArea, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconPointer, IconTrash } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CATEGORY_COLORS } from '../app/theme';
import { NodeIcon } from '../components/NodeIcon';
import { useReadOnly } from '../editor/read-only';
import { useFlowStore } from '../store/flow-store-context';
import { definitionOf } from '../nodes/registry';
import { ConnectionsEditor } from './ConnectionsEditor';
import { NodeSettingsForm } from './form/NodeSettingsForm';

const NO_ISSUES: FlowIssue[] = [];
const isFieldIssue = (i: FlowIssue) => /^\/nodes\/\d+\/data\/.+/.test(i.path);

export function NodeSettingsPanel() {
  const selectedIds = useFlowStore(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  // id, type and data only: dragging the node (a new position) does not re-render the form
  const node = useFlowStore(
    useShallow((s) => {
      const found = selectedIds.length === 1 ? s.nodes.find((n) => n.id === selectedIds[0]) : undefined;
      return found ? { id: found.id, type: found.type, data: found.data } : undefined;
    }),
  );
  const nodeId = node?.id;
  const issues = useFlowStore((s) => (nodeId ? (s.issuesByNode.get(nodeId) ?? NO_ISSUES) : NO_ISSUES));
  const updateNodeData = useFlowStore((s) => s.updateNodeData);
  const removeNodes = useFlowStore((s) => s.removeNodes);
  const readOnly = useReadOnly();
  const onChange = useCallback((data: Record<string, unknown>) => nodeId && updateNodeData(nodeId, data), [nodeId, updateNodeData]);

  if (selectedIds.length === 0) {
    return (
      <Stack align="center" gap="xs" p="xl" ta="center">
        <ThemeIcon size={44} radius="xl" variant="light" color="gray" aria-hidden>
          <IconPointer size={24} />
        </ThemeIcon>
        <Text fw={600}>No step selected</Text>
        <Text size="sm" c="gray.7">
          Click a step on the canvas to change what it says and does, or add one from the list on the left.
        </Text>
      </Stack>
    );
  }
  if (!node) {
    return (
      <Stack p="md">
        <Text fw={600}>{selectedIds.length} steps selected</Text>
        <Text size="sm" c="gray.7">
          Copy them with Ctrl+C and paste with Ctrl+V, or delete them together.
        </Text>
        {!readOnly && (
          <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => removeNodes(selectedIds)}>
            Delete {selectedIds.length} steps
          </Button>
        )}
      </Stack>
    );
  }

  const meta = nodeCatalogue[node.type];
  const otherIssues = issues.filter((i) => !isFieldIssue(i));
  const TryBox = definitionOf(node.type).TryBox;
  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="sm" p="md" data-testid="node-settings" data-node-id={node.id}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size={34} radius="md" variant="light" color={CATEGORY_COLORS[meta.category] ?? 'gray'}>
            <NodeIcon name={meta.icon} size={20} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Title order={2} size="h5">
              {meta.label}
            </Title>
            <Text size="sm" c="gray.7">
              {meta.description}
            </Text>
          </div>
        </Group>
        {otherIssues.length > 0 && (
          <Alert color={otherIssues.some((i) => i.severity === 'error') ? 'red' : 'orange'} variant="light" p="xs" role="status">
            <Stack gap={2}>
              {otherIssues.map((i, k) => (
                <Text size="sm" key={k}>
                  {i.message}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <NodeSettingsForm readOnly={readOnly} nodeId={node.id} type={node.type} data={node.data} issues={issues} onChange={onChange} />
        {TryBox && (
          <>
            <Divider />
            <TryBox nodeId={node.id} data={node.data} />
          </>
        )}
        <Divider />
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <ConnectionsEditor nodeId={node.id} type={node.type} data={node.data} />
        </fieldset>
        <Divider />
        <Group justify="flex-end">
          {!readOnly && (
            <Button color="red" variant="subtle" size="xs" leftSection={<IconTrash size={14} />} onClick={() => removeNodes([node.id])}>
              Delete step
            </Button>
          )}
        </Group>
      </Stack>
    </ScrollArea>
  );
}
