// Loads a bot (with its draft flow) for the bot's screens, and names its nodes for lists. With
// `allFlows`, the steps of its other flows too, under the ids conversations use for them
// (`<flowId>/<stepId>`) and named after their flow ("FAQ › Send message: …").
import { linkedNodeId } from '@botloom/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { botsApi, flowsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail, StoredNode } from '../../api/types';
import { nodeDisplayName } from '../../nodes/node-display-name';
import type { BotloomNode } from '../../store/flow-types';

type OtherFlow = { id: string; name: string; nodes: StoredNode[] };

function displayName(node: StoredNode): string {
  try {
    return nodeDisplayName(node as unknown as BotloomNode);
  } catch {
    return node.id;
  }
}

export function useBotDetail(botId: string, opts: { allFlows?: boolean } = {}) {
  const [bot, setBot] = useState<BotDetail | null>(null);
  const [others, setOthers] = useState<OtherFlow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const allFlows = opts.allFlows === true;
  const load = useCallback(() => {
    setError(null);
    botsApi.get(botId).then(setBot, (err: unknown) => setError(describeError(err)));
    if (!allFlows) return;
    // names of other flows' steps are a help, never a reason the screen cannot open
    flowsApi
      .list(botId)
      .then((flows) => Promise.all(flows.filter((f) => !f.main).map(async (f) => ({ id: f.id, name: f.name, nodes: (await flowsApi.draft(botId, f.id)).nodes }))))
      .then(setOthers, () => setOthers([]));
  }, [botId, allFlows]);
  useEffect(load, [load]);
  /** Every step a conversation can be at, under the ids conversations use (the main flow's first). */
  const nodes = useMemo<StoredNode[]>(
    () => [...(bot?.flow.nodes ?? []), ...others.flatMap((f) => f.nodes.map((n) => ({ ...n, id: linkedNodeId(f, n.id) })))],
    [bot, others],
  );
  /** node id -> display name, for labelling messages and pickers */
  const nodeNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const n of bot?.flow.nodes ?? []) names.set(n.id, displayName(n));
    for (const f of others) for (const n of f.nodes) names.set(linkedNodeId(f, n.id), `${f.name} › ${displayName(n)}`);
    return names;
  }, [bot, others]);
  return { bot, error, reload: load, nodes, nodeNames };
}
