// Where a new or pasted step can go without covering another: the nearest free place to the one
// intended, searched outwards ring by ring on a small grid. Pure geometry on rectangles, so the
// store can use it for keyboard-added and pasted steps alike.
import { activeHandles, type NodeType } from '@botloom/shared';
import type { XYPosition } from '@xyflow/react';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A card is 230 px wide (FlowNodeCard.module.css); height grows with its exits. */
export const CARD_WIDTH = 230;
const BASE_HEIGHT = 80;
const EXIT_ROW = 24;
/** Space kept between two cards so their handles and lines stay apart. */
const GAP = 24;
const STEP = 24;
const MAX_RINGS = 80;

interface Placed {
  position: XYPosition;
  measured?: { width?: number; height?: number };
}

/** A node's box: its measured size once React Flow has drawn it, an estimate before. */
export function rectOf(node: Placed, exits = 1): Rect {
  return {
    x: node.position.x,
    y: node.position.y,
    width: node.measured?.width ?? CARD_WIDTH,
    height: node.measured?.height ?? BASE_HEIGHT + (exits > 1 ? exits * EXIT_ROW : 0),
  };
}

export function overlaps(a: Rect, b: Rect, gap = GAP): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/** Offsets on the square ring `r` steps out, nearest first. */
function ring(r: number): XYPosition[] {
  if (r === 0) return [{ x: 0, y: 0 }];
  const points: XYPosition[] = [];
  for (let i = -r; i <= r; i++) {
    points.push({ x: i * STEP, y: -r * STEP }, { x: i * STEP, y: r * STEP });
    if (i > -r && i < r) points.push({ x: -r * STEP, y: i * STEP }, { x: r * STEP, y: i * STEP });
  }
  return points.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y));
}

/**
 * The smallest shift that moves every rectangle of `group` off every rectangle of `occupied`
 * (a group keeps its shape). Past the search radius it goes below everything.
 */
export function freeShift(group: readonly Rect[], occupied: readonly Rect[]): XYPosition {
  if (group.length === 0) return { x: 0, y: 0 };
  const reach = MAX_RINGS * STEP + GAP;
  const left = Math.min(...group.map((r) => r.x)) - reach;
  const right = Math.max(...group.map((r) => r.x + r.width)) + reach;
  const top = Math.min(...group.map((r) => r.y)) - reach;
  const bottom = Math.max(...group.map((r) => r.y + r.height)) + reach;
  const near = occupied.filter((o) => o.x + o.width > left && o.x < right && o.y + o.height > top && o.y < bottom);
  for (let r = 0; r <= MAX_RINGS; r++) {
    for (const shift of ring(r)) {
      const clear = group.every((g) => near.every((o) => !overlaps({ ...g, x: g.x + shift.x, y: g.y + shift.y }, o)));
      if (clear) return shift;
    }
  }
  const lowest = Math.max(...occupied.map((o) => o.y + o.height));
  return { x: 0, y: lowest + GAP - Math.min(...group.map((g) => g.y)) };
}

/** The free top-left position nearest to `wanted` for one card of the given size. */
export function freeSpotNear(wanted: XYPosition, size: { width: number; height: number }, occupied: readonly Rect[]): XYPosition {
  const shift = freeShift([{ ...wanted, ...size }], occupied);
  return { x: wanted.x + shift.x, y: wanted.y + shift.y };
}

/** The boxes of the steps already on the canvas. */
export function occupiedBy(nodes: readonly (Placed & { type: NodeType; data: Record<string, unknown> })[]): Rect[] {
  return nodes.map((n) => rectOf(n, activeHandles(n.type, n.data).length));
}
