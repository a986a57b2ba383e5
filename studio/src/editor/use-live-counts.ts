// The live count badges on the canvas: how many contacts are at each node now, from
// GET node-counts (draft tests and live contacts alike), refreshed (at most once a second) when a conversation of the bot moves.
import { useCallback, useEffect, useRef } from 'react';
import { analyticsApi } from '../api/botloom-api';
import { useLiveEvent } from '../api/live';
import { useFlowStoreApi } from '../store/flow-store-context';

const THROTTLE_MS = 1000;

export function useLiveCounts(botId: string): void {
  const store = useFlowStoreApi();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);

  const load = useCallback(() => {
    last.current = Date.now();
    analyticsApi.nodeCounts(botId).then(
      (answer) => store.getState().setLiveCounts(answer.counts),
      () => undefined,
    );
  }, [botId, store]);

  useEffect(() => {
    load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  useLiveEvent({ botId }, 'conversation.updated', () => {
    if (timer.current) return;
    const wait = Math.max(0, THROTTLE_MS - (Date.now() - last.current));
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, wait);
  });
}
