// Publishing makes the saved draft the live version. Disabled while the flow has problems to fix,
// while Start leads nowhere, and when nothing changed since the live version; warnings (an exit
// that leads nowhere) are named in a confirmation first. The server's own refusal (422) is shown too.
import { publishableContent, type FlowIssue } from '@botloom/shared';
import { Button, List, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRocket } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { flowApi } from '../api/botloom-api';
import { ApiError, describeError } from '../api/http';
import { ConfirmModal } from '../components/ConfirmModal';
import { useNodeNames } from '../nodes/use-node-names';
import { issueCounts, plural } from '../store/attach-validation';
import { toStoredEdges, toStoredNodes } from '../store/flow-document';
import { useFlowStore, useFlowStoreApi } from '../store/flow-store-context';
import type { FlowSnapshot } from '../store/flow-types';
import type { Autosave } from './autosave';
import { useFlows } from './flows-context';

/** "Nothing happens when … . Connect …" reads, after a step's name, as "— nothing happens when …". */
function firstSentence(message: string): string {
  const sentence = message.split(/\.\s/)[0] ?? message;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

const contentOf = (flow: FlowSnapshot) => publishableContent({ nodes: toStoredNodes(flow.nodes), edges: toStoredEdges(flow.edges) });

/** Each warning after its step's name; rendered only while the confirmation is open. */
function WarningList({ warnings }: { warnings: FlowIssue[] }) {
  const names = useNodeNames();
  const nameOf = (nodeId?: string) => names.find((n) => n.id === nodeId)?.name ?? 'A step';
  return (
    <List size="sm" spacing={4} data-testid="publish-warnings">
      {warnings.map((w, i) => (
        <List.Item key={`${w.path}-${i}`}>
          “{nameOf(w.nodeId)}” — {firstSentence(w.message)}
        </List.Item>
      ))}
    </List>
  );
}

/** The live version's content, to tell whether the draft differs from it (null: not known yet). */
function useLiveContent(botId: string, publishedVersion: number): [string | null, (content: string) => void] {
  const [live, setLive] = useState<{ version: number; content: string } | null>(null);
  useEffect(() => {
    if (publishedVersion === 0 || live?.version === publishedVersion) return;
    let cancelled = false;
    flowApi.version(botId, publishedVersion).then(
      (v) => !cancelled && setLive({ version: publishedVersion, content: publishableContent(v) }),
      () => undefined, // unknown: publishing stays offered, and the server answers "unchanged" if so
    );
    return () => {
      cancelled = true;
    };
  }, [botId, publishedVersion, live?.version]);
  const content = live?.version === publishedVersion ? live.content : null;
  return [content, (c: string) => setLive({ version: publishedVersion, content: c })];
}

/** A refusal's problems, each after the name of the flow it is in (publishing checks every flow). */
function problemsByFlow(err: unknown, flows: ReadonlyArray<{ id: string; name: string }> | null): string | null {
  if (!(err instanceof ApiError) || err.status !== 422 || !flows || flows.length < 2) return null;
  const issues = (err.body.errors ?? []) as Array<{ message: string; flowId?: string }>;
  if (issues.length === 0) return null;
  const nameOf = (id?: string) => flows.find((f) => f.id === id)?.name;
  return issues
    .slice(0, 4)
    .map((i) => (nameOf(i.flowId) ? `in “${nameOf(i.flowId)}”: ${i.message}` : i.message))
    .join('; ');
}

interface Props {
  autosave: Autosave;
  publishedVersion: number;
  onPublished: (version: number) => void;
}

export function PublishButton({ autosave, publishedVersion, onPublished }: Props) {
  const store = useFlowStoreApi();
  const botId = useFlowStore((s) => s.botId);
  const blocking = useFlowStore((s) => issueCounts(s).blocking);
  // a flow other than the main one may still be a lone Start: publishing the others goes ahead
  const startIdle = useFlowStore((s) => s.startIdle && s.flow.main);
  const { flows } = useFlows();
  // the editor holds one flow; with several, only the server can tell whether anything changed
  const singleFlow = flows !== null && flows.length === 1;
  const conflict = useFlowStore((s) => s.save.status === 'conflict');
  // the validator replaces `problems` exactly when the flow's logic changes (never on a move or a
  // drag frame), so the draft's content is recomputed then only, and only once a version is live
  const problems = useFlowStore((s) => s.problems);
  const [liveContent, setLiveContent] = useLiveContent(botId, publishedVersion);
  const [draftContent, setDraftContent] = useState<string | null>(null);
  useEffect(() => setDraftContent(liveContent === null ? null : contentOf(store.getState())), [liveContent, problems, store]);
  const unchanged = singleFlow && liveContent !== null && liveContent === draftContent;
  const warnings = useMemo(() => problems.filter((p) => p.severity === 'warning'), [problems]);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const publish = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      await autosave.flush();
      const { save } = store.getState();
      if (save.status !== 'saved') throw new Error(save.message ?? 'The draft could not be saved, so it was not published');
      const published = contentOf(store.getState());
      const version = await flowApi.publish(botId);
      setLiveContent(published);
      notifications.show({
        color: 'teal',
        title: version.unchanged ? `Version ${version.version} is already live` : `Version ${version.version} is live`,
        message: version.unchanged ? 'Nothing changed since, so no new version was made.' : 'New conversations use it from now on.',
      });
      onPublished(version.version);
    } catch (err) {
      const details = err instanceof ApiError && err.status === 422 ? 'The server found problems: ' : '';
      notifications.show({ color: 'red', title: 'Not published', message: details + (problemsByFlow(err, flows) ?? describeError(err)), autoClose: 12000 });
    } finally {
      setBusy(false);
    }
  };

  const reason = conflict
    ? 'Reload first: the bot was changed elsewhere'
    : blocking > 0
      ? `Fix ${plural(blocking, 'problem')} first (see the Problems tab)`
      : startIdle
        ? 'Add a first step and connect Start to it first'
        : unchanged
          ? `Nothing changed since version ${publishedVersion}`
          : null;
  return (
    <>
      <Tooltip label={reason} disabled={reason === null}>
        <span>
          <Button
            leftSection={<IconRocket size={16} />}
            onClick={() => (warnings.length > 0 ? setConfirming(true) : void publish())}
            loading={busy}
            disabled={reason !== null}
            data-testid="publish"
          >
            Publish
          </Button>
        </span>
      </Tooltip>
      <ConfirmModal
        opened={confirming}
        title={`Publish with ${plural(warnings.length, 'warning')}?`}
        confirmLabel="Publish anyway"
        cancelLabel="Go back"
        color="orange"
        onConfirm={publish}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm" mb="xs">
          The bot works, but check these first:
        </Text>
        <WarningList warnings={warnings} />
      </ConfirmModal>
    </>
  );
}
