// Runs "Tidy up" (auto-layout.ts) off the main thread: dagre needs seconds for a thousand steps
// on a slow machine, and the canvas must stay usable meanwhile.
import { tidyLayout, type LayoutEdge, type LayoutNode } from './auto-layout';

export interface LayoutRequest {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

const scope = globalThis as unknown as { onmessage: (e: MessageEvent<LayoutRequest>) => void; postMessage: (m: unknown) => void };
scope.onmessage = (event) => {
  scope.postMessage([...tidyLayout(event.data.nodes, event.data.edges)]);
};
