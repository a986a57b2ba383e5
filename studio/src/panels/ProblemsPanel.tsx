// Everything the validator found: problems to fix first, then warnings (an exit that leads
// nowhere…) and channel advice. Clicking one selects its step and zooms to it.
import type { FlowIssue } from '@botloom/shared';
import { Badge, Group, ScrollArea, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useNodeNames } from '../nodes/use-node-names';
import { useFlowStore } from '../store/flow-store-context';
import classes from './ProblemsPanel.module.css';

export function ProblemsPanel({ onShowNode }: { onShowNode: () => void }) {
  const errors = useFlowStore((s) => s.errors);
  const problems = useFlowStore((s) => s.problems);
  const channelIssues = useFlowStore((s) => s.channelIssues);
  const startIdle = useFlowStore((s) => s.startIdle);
  const nodeNames = useNodeNames();
  const selectOnly = useFlowStore((s) => s.selectOnly);
  const { fitView } = useReactFlow();
  const names = useMemo(() => new Map(nodeNames.map((n) => [n.id, n.name])), [nodeNames]);
  const all = useMemo(() => {
    const rank = (i: FlowIssue) => (errors.includes(i) ? 0 : i.severity === 'error' ? 1 : 2);
    return [...errors, ...problems, ...channelIssues].sort((a, b) => rank(a) - rank(b));
  }, [errors, problems, channelIssues]);

  if (all.length === 0) {
    return (
      <Stack align="center" gap="xs" p="xl" ta="center" role="status">
        <ThemeIcon size={44} radius="xl" variant="light" color="teal" aria-hidden>
          <IconCircleCheck size={26} />
        </ThemeIcon>
        <Text fw={600}>No problems</Text>
        {startIdle ? (
          // a new bot: nothing is wrong, there is just nothing yet
          <Text size="sm" c="gray.7" data-testid="start-hint">
            To begin, drag a first step from the left and connect Start to it.
          </Text>
        ) : (
          <Text size="sm" c="gray.7">
            Every step is set up and connected. You can publish.
          </Text>
        )}
      </Stack>
    );
  }

  const show = (issue: FlowIssue) => {
    if (!issue.nodeId) return;
    selectOnly(issue.nodeId);
    void fitView({ nodes: [{ id: issue.nodeId }], duration: 300, maxZoom: 1.2 });
    onShowNode();
  };

  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap={6} p="sm" component="ul" className={classes.list} aria-label="Problems">
        {all.map((issue, i) => {
          const blocking = issue.severity === 'error';
          const channel = 'channel' in issue;
          return (
            <li key={`${issue.path}-${i}`}>
              <UnstyledButton
                className={classes.item}
                onClick={() => show(issue)}
                disabled={!issue.nodeId}
                data-problem-node={issue.nodeId}
                data-problem-kind={channel ? 'channel' : undefined}
              >
                <Group gap={8} wrap="nowrap" align="flex-start">
                  <Badge
                    size="xs"
                    mt={3}
                    // never squeezed to "F…" by a long message beside it
                    style={{ flexShrink: 0, overflow: 'visible' }}
                    color={blocking ? 'red.8' : channel ? 'yellow.4' : 'orange.9'}
                    c={channel ? 'dark.8' : undefined}
                    variant="filled"
                  >
                    {blocking ? 'Fix' : channel ? 'Channel' : 'Check'}
                  </Badge>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm">{issue.message}</Text>
                    {issue.nodeId && (
                      <Text size="xs" c="gray.7" truncate>
                        {names.get(issue.nodeId) ?? 'A step that no longer exists'}
                      </Text>
                    )}
                  </div>
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </Stack>
    </ScrollArea>
  );
}
