// Every published version: when, what changed since the one before, which one is live, links to
// open it read-only (alone, or compared with the one before or the current draft) and a one-click
// (confirmed) roll back.
import { Badge, Button, Card, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconGitCompare, IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCallback, useEffect, useState } from 'react';
import { flowApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import type { VersionChanges, VersionSummary } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { useReadOnly } from '../editor/read-only';

function describeChanges(changes: VersionChanges | null): string {
  if (!changes) return 'First version';
  const parts = [
    changes.addedNodes.length && `${changes.addedNodes.length} step${changes.addedNodes.length > 1 ? 's' : ''} added`,
    changes.removedNodes.length && `${changes.removedNodes.length} removed`,
    changes.changedNodes.length && `${changes.changedNodes.length} changed`,
    changes.addedEdges.length && `${changes.addedEdges.length} connection${changes.addedEdges.length > 1 ? 's' : ''} added`,
    changes.removedEdges.length && `${changes.removedEdges.length} connection${changes.removedEdges.length > 1 ? 's' : ''} removed`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'No changes to the steps (layout only)';
}

interface Props {
  botId: string;
  /** Bumped after each publish, so the list reloads. */
  refreshKey: number;
  onRolledBack: (version: number) => Promise<void>;
}

export function VersionsPanel({ botId, refreshKey, onRolledBack }: Props) {
  const readOnly = useReadOnly();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<VersionSummary | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setVersions(await flowApi.versions(botId));
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const rollback = async (version: VersionSummary) => {
    try {
      const made = await flowApi.rollback(botId, version.version);
      setConfirming(null);
      notifications.show({
        color: 'teal',
        title: 'Rolled back',
        message: `Version ${made.version} is live with the steps of version ${version.version}. The draft was reset to it too.`,
      });
      await onRolledBack(version.version);
      await load();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not roll back', message: describeError(err) });
    }
  };

  if (error) return <ErrorState title="Could not load the versions" message={error} onRetry={() => void load()} />;
  if (!versions) return <LoadingState label="Loading versions…" />;
  if (versions.length === 0) {
    return (
      <Stack align="center" p="xl" gap="xs" ta="center">
        <IconHistory size={32} aria-hidden color="var(--mantine-color-gray-6)" />
        <Text fw={600}>Not published yet</Text>
        <Text size="sm" c="gray.7">
          Each time you publish, a version appears here. You can see what changed and roll back.
        </Text>
      </Stack>
    );
  }
  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="xs" p="sm" component="ol" style={{ listStyle: 'none', margin: 0 }} aria-label="Published versions">
        {versions.map((v) => (
          <Card key={v.id} component="li" withBorder padding="sm" radius="md" data-version={v.version}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={650}>Version {v.version}</Text>
              {v.live && (
                <Badge color="teal" c="teal.9" variant="light">
                  Live
                </Badge>
              )}
            </Group>
            <Text size="xs" c="gray.7">
              {new Date(v.createdAt).toLocaleString()}
            </Text>
            <Text size="sm" mt={4}>
              {describeChanges(v.changes)}
            </Text>
            <Group gap="xs" mt="xs">
              <Button
                component={Link}
                to={`/bots/${botId}/versions/${v.version}`}
                size="xs"
                variant="default"
                leftSection={<IconEye size={14} />}
                aria-label={`View version ${v.version}`}
              >
                View
              </Button>
              <Button
                component={Link}
                to={`/bots/${botId}/versions/${v.version}?compare=draft`}
                size="xs"
                variant="default"
                leftSection={<IconGitCompare size={14} />}
                aria-label={`Compare version ${v.version} with the current draft`}
              >
                Compare with draft
              </Button>
              {v.version > 1 && (
                <Button
                  component={Link}
                  to={`/bots/${botId}/versions/${v.version}?compare=${v.version - 1}`}
                  size="xs"
                  variant="default"
                  aria-label={`Compare version ${v.version} with version ${v.version - 1}`}
                >
                  Compare with {v.version - 1}
                </Button>
              )}
            </Group>
            {!v.live && !readOnly && (
              <Button mt="xs" size="xs" variant="light" onClick={() => setConfirming(v)} aria-label={`Roll back to version ${v.version}`}>
                Roll back to this version
              </Button>
            )}
          </Card>
        ))}
      </Stack>
      <ConfirmModal
        opened={confirming !== null}
        title={`Roll back to version ${confirming?.version}?`}
        confirmLabel="Roll back"
        color="indigo"
        onClose={() => setConfirming(null)}
        onConfirm={() => (confirming ? rollback(confirming) : undefined)}
      >
        New conversations will use the steps of version {confirming?.version}, published again as a new version. Your draft is replaced by
        it; conversations already under way finish on the version they started on.
      </ConfirmModal>
    </ScrollArea>
  );
}
