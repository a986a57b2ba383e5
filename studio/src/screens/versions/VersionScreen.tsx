// A published version, read-only on the canvas, alone or compared with another version or the
// current draft. Nothing here can be edited and nothing saves: the canvas gets a store of its own
// with no autosave attached, under the read-only context.
import { Alert, Anchor, Badge, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEye } from '@tabler/icons-react';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { botsApi, flowApi, flowsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail, StoredNode, VersionDetail, VersionSummary } from '../../api/types';
import { FlowCanvas } from '../../canvas/FlowCanvas';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { ReadOnlyContext } from '../../editor/read-only';
import { nodeDisplayName } from '../../nodes/node-display-name';
import { createFlowStore } from '../../store/create-flow-store';
import { fromStored } from '../../store/flow-document';
import { FlowStoreProvider } from '../../store/flow-store-context';
import type { BotloomNode } from '../../store/flow-types';
import { ChangesList, Legend } from './ChangesList';
import { compareFlows, showOne, type Shown } from './compare-model';
import classes from './VersionScreen.module.css';

const NODE_CLASS = { added: classes.added, removed: classes.removed, changed: classes.changed, unchanged: undefined };
const EDGE_CLASS = { added: classes.edgeAdded, removed: classes.edgeRemoved, unchanged: undefined };

function nameOf(node: StoredNode): string {
  try {
    return nodeDisplayName(node as unknown as BotloomNode);
  } catch {
    return node.id;
  }
}

/** The store the canvas reads: the shown flow, each step and connection tagged with how it changed. */
function storeFor(botId: string, shown: Shown) {
  const flow = fromStored(shown.nodes, shown.edges);
  const status = new Map(shown.nodes.map((n) => [n.id, n.status]));
  const edgeStatus = new Map(shown.edges.map((e) => [e.id, e.status]));
  return createFlowStore(
    botId,
    {
      nodes: flow.nodes.map((n) => {
        const s = status.get(n.id) ?? 'unchanged';
        const domAttributes = { 'data-diff': s } as BotloomNode['domAttributes'];
        return { ...n, className: NODE_CLASS[s], domAttributes };
      }),
      edges: flow.edges.map((e) => ({ ...e, className: EDGE_CLASS[edgeStatus.get(e.id) ?? 'unchanged'], deletable: false })),
    },
    0,
  );
}

interface Loaded {
  bot: BotDetail;
  versions: VersionSummary[];
  version: VersionDetail;
  other: VersionDetail | 'draft' | null;
  /** The draft of the flow shown, when comparing with the draft. */
  draft: { nodes: VersionDetail['nodes']; edges: VersionDetail['edges'] };
}

/** One flow's content in a version: the main one by default; a flow the version does not hold is empty. */
function flowIn(detail: VersionDetail, flowId: string | null): { nodes: VersionDetail['nodes']; edges: VersionDetail['edges'] } {
  const flows = detail.flows ?? [];
  if (!flowId || flows.length === 0 || flows.find((f) => f.main)?.id === flowId) return { nodes: detail.nodes, edges: detail.edges };
  const found = flows.find((f) => f.id === flowId);
  return found ? { nodes: found.nodes, edges: found.edges } : { nodes: [], edges: [] };
}

/** The search parameters with one set (or removed when null or empty), the others kept. */
function withParam(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}

export function VersionScreen() {
  const { botId = '', version = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const compare = params.get('compare');
  // a version holds every flow of the bot: one is shown at a time (the main one unless `?flow=`)
  const flowParam = params.get('flow');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    const number = Number(version);
    const otherNumber = compare && compare !== 'draft' ? Number(compare) : null;
    Promise.all([
      botsApi.get(botId),
      flowApi.versions(botId),
      flowApi.version(botId, number),
      otherNumber ? flowApi.version(botId, otherNumber) : Promise.resolve(null),
    ])
      .then(async ([bot, versions, detail, other]) => {
        // the draft of another flow than the main one (gone since: nothing to compare with)
        const wantsDraft = compare === 'draft' && flowParam && flowParam !== bot.flow.flowId;
        const draft = wantsDraft ? await flowsApi.draft(botId, flowParam).catch(() => ({ nodes: [], edges: [] })) : bot.flow;
        return { bot, versions, version: detail, other: compare === 'draft' ? ('draft' as const) : other, draft };
      })
      .then(
        (found) => !cancelled && setLoaded(found),
        (err: unknown) => !cancelled && setError(describeError(err)),
      );
    return () => {
      cancelled = true;
    };
  }, [botId, version, compare, flowParam]);

  const view = useMemo(() => {
    if (!loaded) return null;
    const { bot, version: detail, other, draft } = loaded;
    const v = { ...detail, ...flowIn(detail, flowParam) };
    const label = `version ${v.version}`;
    if (!other) return { store: storeFor(bot.id, showOne(v.nodes, v.edges)), comparison: null, fromLabel: label, toLabel: label };
    const otherFlow =
      other === 'draft'
        ? { nodes: draft.nodes, edges: draft.edges, label: 'the current draft', order: Number.POSITIVE_INFINITY }
        : { ...other, ...flowIn(other, flowParam), label: `version ${other.version}`, order: other.version };
    const [older, newer] = otherFlow.order < v.version ? [otherFlow, { ...v, label }] : [{ ...v, label }, otherFlow];
    const comparison = compareFlows({ nodes: older.nodes, edges: older.edges }, { nodes: newer.nodes, edges: newer.edges }, nameOf);
    return { store: storeFor(bot.id, comparison), comparison, fromLabel: older.label, toLabel: newer.label };
  }, [loaded, flowParam]);

  if (error) return <ErrorState title="Could not open this version" message={error} />;
  if (!loaded || !view) return <LoadingState label="Opening the version…" fullScreen />;
  // every flow either side holds, the main one first
  const flowOptions = [...(loaded.version.flows ?? []), ...(loaded.other && loaded.other !== 'draft' ? (loaded.other.flows ?? []) : [])]
    .filter((f, i, all) => all.findIndex((g) => g.id === f.id) === i)
    .map((f) => ({ value: f.id, label: f.name }));
  const options = [
    { value: '', label: 'Nothing: this version alone' },
    { value: 'draft', label: 'The current draft' },
    ...loaded.versions
      .filter((v) => v.version !== loaded.version.version)
      .map((v) => ({ value: String(v.version), label: `Version ${v.version}${v.live ? ' (live)' : ''}` })),
  ];
  return (
    <ReadOnlyContext.Provider value={true}>
      <div className={classes.screen}>
        <header className={classes.header}>
          <Group justify="space-between" wrap="wrap">
            <Group gap="sm">
              <Anchor component={Link} to={`/bots/${botId}`} aria-label="Back to the editor">
                <Group gap={4}>
                  <IconArrowLeft size={16} /> {loaded.bot.name}
                </Group>
              </Anchor>
              <Title order={1} size="h4">
                Version {loaded.version.version}
              </Title>
              <Badge color="gray" variant="light" leftSection={<IconEye size={12} aria-hidden />}>
                Read-only
              </Badge>
              <Text size="sm" c="gray.7">
                published {new Date(loaded.version.createdAt).toLocaleString()}
              </Text>
            </Group>
            <Select
              label="Compare with"
              data={options}
              value={compare ?? ''}
              allowDeselect={false}
              w={260}
              onChange={(v) => setParams(withParam(params, 'compare', v), { replace: true })}
            />
            {flowOptions.length > 1 && (
              <Select
                label="Flow"
                data={flowOptions}
                value={flowParam ?? flowOptions[0]!.value}
                allowDeselect={false}
                w={220}
                onChange={(v) => setParams(withParam(params, 'flow', v === flowOptions[0]!.value ? null : v), { replace: true })}
              />
            )}
          </Group>
        </header>
        <FlowStoreProvider store={view.store} key={`${compare ?? 'alone'}:${flowParam ?? 'main'}`}>
          <ReactFlowProvider>
            <div className={classes.body}>
              <main className={classes.canvas} aria-label="Version on the canvas (read-only)">
                <FlowCanvas onNodeOpened={() => undefined} />
              </main>
              <aside className={classes.side} aria-label="What changed">
                <Alert color="gray" m="md" mb={0} icon={<IconEye size={16} />}>
                  Read-only: you can look, move around and zoom, but nothing here changes the bot.
                </Alert>
                {view.comparison ? (
                  <ChangesList comparison={view.comparison} fromLabel={view.fromLabel} toLabel={view.toLabel} />
                ) : (
                  <Stack p="md" gap="sm">
                    <Text size="sm" c="gray.7">
                      Choose “Compare with” to see what changed between this version and another one or the current draft, step by step.
                    </Text>
                    <Legend />
                  </Stack>
                )}
              </aside>
            </div>
          </ReactFlowProvider>
        </FlowStoreProvider>
      </div>
    </ReadOnlyContext.Provider>
  );
}
