// The count badges on the canvas. Live counts: how many contacts are at each node now, from
// GET node-counts (draft tests and live contacts alike). The analytics overlay: per node, how
// many conversations of the latest published version reached it and dropped off there, from
// GET analytics. Both are refreshed (at most once a second) when a conversation of the bot moves.
import { useCallback, useEffect, useRef } from 'react';
import { analyticsApi } from '../api/botloom-api';
import { useLiveEvent } from '../api/live';
import type { BotAnalytics } from '../api/types';
import type { FlowState, NodeDropOff } from '../store/create-flow-store';
import { useFlowStoreApi } from '../store/flow-store-context';

const THROTTLE_MS = 1000;

/** Loads something into the flow store now and again (throttled) on every conversation update, while `enabled`. */
function useCanvasFeed<T>(botId: string, enabled: boolean, fetch: () => Promise<T>, apply: (state: FlowState, value: T) => void, clear?: (state: FlowState) => void): void {
  const store = useFlowStoreApi();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);
  const live = useRef({ enabled, fetch, apply });
  useEffect(() => {
    live.current = { enabled, fetch, apply };
  });

  const load = useCallback(() => {
    last.current = Date.now();
    live.current.fetch().then(
      (value) => live.current.enabled && live.current.apply(store.getState(), value),
      () => undefined,
    );
  }, [store]);

  useEffect(() => {
    if (enabled) load();
    else if (clear) clear(store.getState());
    return () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [botId, enabled, load, clear, store]);

  useLiveEvent(enabled ? { botId } : null, 'conversation.updated', () => {
    if (!live.current.enabled || timer.current) return;
    const wait = Math.max(0, THROTTLE_MS - (Date.now() - last.current));
    timer.current = setTimeout(() => {
      timer.current = null;
      load();
    }, wait);
  });
}

export function useLiveCounts(botId: string): void {
  useCanvasFeed(
    botId,
    true,
    () => analyticsApi.nodeCounts(botId),
    (state, answer) => state.setLiveCounts(answer.counts),
  );
}

/** Per node reached and dropped, with the node(s) of the highest drop-off rate marked `worst`. */
export function dropOffByNode(summary: BotAnalytics): Record<string, NodeDropOff> {
  const rate = (n: BotAnalytics['nodes'][number]) => (n.reached > 0 ? n.dropOff / n.reached : 0);
  const highest = Math.max(0, ...summary.nodes.map(rate));
  return Object.fromEntries(
    summary.nodes.map((n) => [n.nodeId, { reached: n.reached, dropped: n.dropOff, worst: highest > 0 && rate(n) === highest }]),
  );
}

const clearDropOff = (state: FlowState) => state.setDropOff({});

/** The analytics overlay for the latest published version, while `on`. */
export function useDropOffOverlay(botId: string, on: boolean): void {
  useCanvasFeed(
    botId,
    on,
    () => analyticsApi.summary(botId),
    (state, summary) => state.setDropOff(dropOffByNode(summary)),
    clearDropOff,
  );
}
