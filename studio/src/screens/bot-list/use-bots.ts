// The bot list and templates, with their loading and error states.
import { useCallback, useEffect, useState } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotSummary, Template } from '../../api/types';

export function useBots() {
  const [bots, setBots] = useState<BotSummary[] | null>(null);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setError(null);
    try {
      const [list, available] = await Promise.all([botsApi.list(), botsApi.templates().catch(() => [])]);
      setBots(list);
      setTemplates(available);
    } catch (err) {
      setError(describeError(err));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { bots, templates, error, reload };
}
