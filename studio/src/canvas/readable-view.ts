// The view a flow opens at: the whole flow when it fits at a readable zoom, otherwise a readable
// zoom with Start at the left, half-way down, so the first steps can be read at once.
import { getNodesBounds, getViewportForBounds, useNodesInitialized, useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { BotloomEdge, BotloomNode } from '../store/flow-types';

/** Below this the text on the cards cannot be read. */
export const READABLE_ZOOM = 0.6;
/** The zoom a flow too large to fit opens at. */
export const OPENING_ZOOM = 0.85;
const PADDING = 0.15;
/** Where Start sits, as a share of the canvas width, when the flow does not fit. */
const START_AT = 0.2;

export function readableViewport(nodes: readonly BotloomNode[], width: number, height: number): Viewport | null {
  if (nodes.length === 0 || width === 0 || height === 0) return null;
  const bounds = getNodesBounds([...nodes]);
  // the zoom is kept between READABLE_ZOOM and 1: at READABLE_ZOOM a large flow overflows
  const whole = getViewportForBounds(bounds, width, height, READABLE_ZOOM, 1, PADDING);
  const fits = bounds.width * whole.zoom <= width && bounds.height * whole.zoom <= height;
  if (fits) return whole;
  const start = nodes.find((n) => n.type === 'start') ?? nodes[0]!;
  const startHeight = start.measured?.height ?? 80;
  return {
    zoom: OPENING_ZOOM,
    x: width * START_AT - start.position.x * OPENING_ZOOM,
    y: height / 2 - (start.position.y + startHeight / 2) * OPENING_ZOOM,
  };
}

/** Moves the canvas to the readable view of the flow it shows now. */
export function useShowReadableView(): (duration?: number) => void {
  const flow = useReactFlow<BotloomNode, BotloomEdge>();
  const store = useStoreApi<BotloomNode, BotloomEdge>();
  return useCallback(
    (duration = 0) => {
      const { width, height } = store.getState();
      const viewport = readableViewport(flow.getNodes(), width, height);
      if (viewport) void flow.setViewport(viewport, { duration });
    },
    [flow, store],
  );
}

/** Once, when the flow's steps have first been measured: the opening view. */
export function useOpeningView(): void {
  const measured = useNodesInitialized();
  const show = useShowReadableView();
  const done = useRef(false);
  useEffect(() => {
    if (!measured || done.current) return;
    done.current = true;
    show();
  }, [measured, show]);
}
