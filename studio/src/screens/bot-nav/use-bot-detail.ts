// Loads a bot (with its draft flow) for the bot's screens, and names its nodes for lists.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail } from '../../api/types';
import { nodeDisplayName } from '../../nodes/node-display-name';
import type { BotloomNode } from '../../store/flow-types';

export function useBotDetail(botId: string) {
  const [bot, setBot] = useState<BotDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    botsApi.get(botId).then(setBot, (err: unknown) => setError(describeError(err)));
  }, [botId]);
  useEffect(load, [load]);
  /** node id -> display name, for labelling messages and pickers */
  const nodeNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const n of bot?.flow.nodes ?? []) {
      try {
        names.set(n.id, nodeDisplayName(n as unknown as BotloomNode));
      } catch {
        names.set(n.id, n.id);
      }
    }
    return names;
  }, [bot]);
  return { bot, error, reload: load, nodeNames };
}
