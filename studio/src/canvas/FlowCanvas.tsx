// The canvas: nodes and their connections, drop target of the palette, with a minimap, zoom
// controls and "Tidy up". Delete/Backspace removes the selection; Shift+drag selects several
// nodes. A connection dropped anywhere on a step's card connects to that step. Every step is
// rendered, however large the flow (see studio/README.md, "Large flows").
import { nodeCatalogue, type NodeType } from '@botloom/shared';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type IsValidConnection,
  type NodeMouseHandler,
  type OnConnectEnd,
} from '@xyflow/react';
import { memo, useCallback, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CATEGORY_COLORS } from '../app/theme';
import { useReadOnly } from '../editor/read-only';
import { useFlowStore } from '../store/flow-store-context';
import type { BotloomEdge, BotloomNode } from '../store/flow-types';
import { nodeTypes } from './node-types';
import { NODE_TYPE_MIME } from './palette-drag';
import { useOpeningView } from './readable-view';
import { TidyUpButton } from './TidyUpButton';

const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
const DEFAULT_EDGE_OPTIONS = { type: 'smoothstep', style: { strokeWidth: 2 } } as const;
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 } as const;

function minimapColor(node: BotloomNode): string {
  const category = nodeCatalogue[node.type]?.category ?? 'flow';
  return `var(--mantine-color-${CATEGORY_COLORS[category] ?? 'gray'}-4)`;
}

function FlowCanvasView({ onNodeOpened, onOpenFlow }: { onNodeOpened: () => void; onOpenFlow?: (flowId: string) => void }) {
  const { nodes, edges, onNodesChange, onEdgesChange, onConnect, addNode, beginGesture, endGesture } = useFlowStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      onConnect: s.onConnect,
      addNode: s.addNode,
      beginGesture: s.beginGesture,
      endGesture: s.endGesture,
    })),
  );
  const hasStart = useFlowStore((s) => s.nodes.some((n) => n.type === 'start'));
  const { screenToFlowPosition } = useReactFlow();
  const readOnly = useReadOnly();

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_TYPE_MIME) as NodeType;
      if (readOnly || !type || !(type in nodeCatalogue) || (type === 'start' && hasStart)) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // where the person dropped it, even on another step: they chose the spot
      addNode(type, { x: point.x - 115, y: point.y - 30 }, 'exact');
      onNodeOpened();
    },
    [addNode, hasStart, onNodeOpened, readOnly, screenToFlowPosition],
  );

  const isValidConnection: IsValidConnection<BotloomEdge> = useCallback((c) => c.source !== c.target, []);
  const onNodeClick: NodeMouseHandler<BotloomNode> = useCallback(() => onNodeOpened(), [onNodeOpened]);
  /** A double click on a "Go to flow" step opens the flow it goes to. */
  const onNodeDoubleClick: NodeMouseHandler<BotloomNode> = useCallback(
    (_event, node) => {
      const target = node.type === 'jump' ? (node.data as { flow_id?: string }).flow_id : undefined;
      if (target && onOpenFlow) onOpenFlow(target);
    },
    [onOpenFlow],
  );
  useOpeningView();

  /** A connection let go over a step's card (not only its small input dot) connects to that step. */
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const card = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>('.react-flow__node');
      const target = card?.dataset.id;
      if (!target || target === state.fromNode.id || card.classList.contains('react-flow__node-start')) return;
      onConnect({ source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target, targetHandle: null });
    },
    [onConnect],
  );

  return (
    <ReactFlow<BotloomNode, BotloomEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={readOnly ? undefined : onConnect}
      onConnectEnd={readOnly ? undefined : onConnectEnd}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={!readOnly}
      isValidConnection={isValidConnection}
      onDrop={onDrop}
      onDragOver={onDragOver}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      onNodeDragStart={beginGesture}
      onNodeDragStop={endGesture}
      onSelectionDragStart={beginGesture}
      onSelectionDragStop={endGesture}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.1}
      maxZoom={2}
      aria-label="Flow canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
      <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Minimap of the flow" />
      <Controls aria-label="Zoom and fit view" />
      {!readOnly && (
        <Panel position="top-right">
          <TidyUpButton />
        </Panel>
      )}
    </ReactFlow>
  );
}

export const FlowCanvas = memo(FlowCanvasView);
