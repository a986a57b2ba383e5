// Replay of one conversation on the canvas: steps through the nodes its journal says it
// entered (previous, next, play), highlighting each like the simulator does. Steps where
// something went wrong carry a red marker, and stepping onto one says what went wrong.
import { splitLinkedNodeId } from '@botloom/shared';
import { ActionIcon, Anchor, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlayerTrackNext, IconPlayerTrackPrev, IconX } from '@tabler/icons-react';
import { useReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { conversationsApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import type { ConversationNotice, JournalEntry } from '../api/types';
import { useNodeNames } from '../nodes/use-node-names';
import { Link } from 'react-router';
import { useFlowStoreApi } from '../store/flow-store-context';
import { localNodeId } from '../store/linked-ids';
import { flowPath, useFlows } from './flows-context';

const PLAY_MS = 1200;

export function ReplayBar({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const store = useFlowStoreApi();
  const { setCenter, getNode } = useReactFlow();
  const names = useNodeNames();
  const [steps, setSteps] = useState<JournalEntry[] | null>(null);
  const [notices, setNotices] = useState<ConversationNotice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    Promise.all([conversationsApi.journal(conversationId), conversationsApi.notices(conversationId)]).then(
      ([journal, found]) => {
        setSteps(journal.filter((e) => e.type === 'node_entered' && e.nodeId));
        setNotices(found);
        const markers: Record<string, string> = {};
        for (const n of found) {
          if (!n.nodeId || n.kind === 'jumped') continue; // a jump is where it went, not a problem
          markers[n.nodeId] = markers[n.nodeId] ? `${markers[n.nodeId]} · ${n.message}` : n.message;
        }
        store.getState().setProblemNodes(markers);
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, [conversationId, store]);
  useEffect(() => () => store.getState().setProblemNodes({}), [store]);

  const step = steps?.[index];
  const { botId, flows } = useFlows();
  // a conversation that went to another flow has steps this canvas does not show
  const local = step?.nodeId ? localNodeId(store.getState().flow, step.nodeId) : null;
  const stepFlowId = step?.nodeId ? splitLinkedNodeId(step.nodeId).flowId : null;
  const elsewhere = step?.nodeId && local === null ? flows?.find((f) => (stepFlowId === null ? f.main : f.id === stepFlowId)) : undefined;
  useEffect(() => {
    if (!step?.nodeId) return;
    store.getState().setActiveNode(step.nodeId);
    const node = local ? getNode(local) : undefined;
    if (node) void setCenter(node.position.x + 115, node.position.y + 40, { zoom: 1, duration: 300 });
  }, [step, local, store, getNode, setCenter]);
  useEffect(() => () => store.getState().setActiveNode(null), [store]);

  const count = steps?.length ?? 0;
  useEffect(() => {
    if (!playing) return;
    if (index >= count - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setIndex((i) => i + 1), PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, index, count]);

  const name = local ? (names.find((n) => n.id === local)?.name ?? local) : elsewhere ? `a step of “${elsewhere.name}”` : step?.nodeId;
  const problems = step ? problemsAt(notices, step, steps?.[index + 1]) : [];
  return (
    <Paper
      withBorder
      shadow="sm"
      radius="md"
      px="sm"
      py={6}
      data-testid="replay-bar"
      style={{ position: 'absolute', top: 12, left: '50%', transform: 'translateX(-50%)', zIndex: 10, width: 'max-content', maxWidth: '90%' }}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={650}>
            Replay
          </Text>
          {error && (
            <Text size="sm" c="red.8">
              {error}
            </Text>
          )}
          {steps && count === 0 && (
            <Text size="sm" c="gray.7">
              This conversation entered no steps yet.
            </Text>
          )}
          {count > 0 && (
            <>
              <Tooltip label="Previous step">
                <ActionIcon
                  variant="subtle"
                  aria-label="Previous step"
                  disabled={index === 0}
                  onClick={() => setIndex((i) => Math.max(0, i - 1))}
                >
                  <IconPlayerTrackPrev size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={playing ? 'Pause' : 'Play'}>
                <ActionIcon
                  variant="light"
                  aria-label={playing ? 'Pause' : 'Play'}
                  onClick={() => (index >= count - 1 ? (setIndex(0), setPlaying(true)) : setPlaying((p) => !p))}
                >
                  {playing ? <IconPlayerPause size={18} /> : <IconPlayerPlay size={18} />}
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Next step">
                <ActionIcon
                  variant="subtle"
                  aria-label="Next step"
                  disabled={index >= count - 1}
                  onClick={() => setIndex((i) => Math.min(count - 1, i + 1))}
                >
                  <IconPlayerTrackNext size={18} />
                </ActionIcon>
              </Tooltip>
              <Text size="sm" data-testid="replay-position">
                {index + 1} / {count}: {name}
                {step ? ` · ${new Date(step.at).toLocaleTimeString()}` : ''}
              </Text>
              {elsewhere && (
                <Anchor component={Link} to={`${flowPath(botId, elsewhere)}${elsewhere.main ? '?' : '&'}replay=${conversationId}`} size="sm" data-testid="replay-open-flow">
                  Open “{elsewhere.name}”
                </Anchor>
              )}
            </>
          )}
          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClose}>
            Close replay
          </Button>
        </Group>
        {problems.map((p, i) =>
          p.kind === 'jumped' ? (
            <Text key={i} size="sm" c="gray.7" data-testid="replay-jump" role="status">
              {p.message}
            </Text>
          ) : (
            <Text key={i} size="sm" c="red.8" fw={550} data-testid="replay-problem" role="status">
              {p.message}
            </Text>
          ),
        )}
      </Stack>
    </Paper>
  );
}

/** The notices journaled while the conversation was at this step (before it entered the next). */
function problemsAt(notices: readonly ConversationNotice[], step: JournalEntry, next: JournalEntry | undefined): ConversationNotice[] {
  return notices.filter(
    (n) => n.seq !== undefined && n.seq > step.seq && (!next || n.seq < next.seq) && (n.nodeId === step.nodeId || n.nodeId === null),
  );
}
