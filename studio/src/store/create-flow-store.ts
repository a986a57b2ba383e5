// One store per open editor: the flow being edited (React Flow nodes and edges), what the
// validator found, autosave status and the simulator's position. Undo/redo is zundo's
// temporal middleware over the flow document only; selection and measuring never enter history.
import { activeHandles, type FlowContext, type FlowIssue, type NodeType, type WarningChannel } from '@botloom/shared';
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import { freeSpotNear, occupiedBy, rectOf } from '../canvas/free-spot';
import { definitionOf } from '../nodes/registry';
import { sameDocument } from './flow-document';
import type { BotloomEdge, BotloomNode, FlowSnapshot } from './flow-types';
import { localEntries, localNodeId, type EditedFlow } from './linked-ids';
import { edgeId, newNodeId } from './new-ids';
import { pasteSnapshot } from './paste-snapshot';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'blocked' | 'conflict' | 'error';

/** Advice about how a step reads on a channel the bot uses (never blocks publishing). */
export interface ChannelIssue extends FlowIssue {
  severity: 'warning';
  channel: WarningChannel;
}

/** One node's figures in the analytics overlay; `worst` marks the highest drop-off rate. */
export interface NodeDropOff {
  reached: number;
  dropped: number;
  worst: boolean;
}

export interface FlowState extends FlowSnapshot {
  botId: string;
  /** The flow of the bot this store edits (a bot has a main flow and maybe others). */
  flow: EditedFlow;
  /** The bot's flows, for the checks across flows (jumps); null until known. */
  flowContext: FlowContext | null;
  /** Malformed (a flow no editing produces, e.g. an odd imported file): the server would refuse to save. */
  errors: FlowIssue[];
  /** Unfinished or questionable: saved, but errors among them block publishing. */
  problems: FlowIssue[];
  issuesByNode: ReadonlyMap<string, FlowIssue[]>;
  /** Start leads nowhere yet (a new bot): not a problem, but nothing to publish either. */
  startIdle: boolean;
  /** The channels the bot is connected to (none: no channel advice). */
  channels: readonly WarningChannel[];
  channelIssues: ChannelIssue[];
  channelIssuesByNode: ReadonlyMap<string, ChannelIssue[]>;
  save: { status: SaveStatus; rev: number; message?: string; savedAt?: number };
  /** The node the simulator's conversation is at. */
  activeNodeId: string | null;
  /** Steps where a replayed conversation went wrong, with what went wrong (red markers on the canvas). */
  problemNodes: Readonly<Record<string, string>>;
  clipboard: FlowSnapshot | null;
  /** Contacts at each node now (live count badges). */
  liveCounts: Readonly<Record<string, number>>;
  /** The analytics overlay of the latest published version (empty when it is off). */
  dropOff: Readonly<Record<string, NodeDropOff>>;

  onNodesChange: (changes: NodeChange<BotloomNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<BotloomEdge>[]) => void;
  onConnect: (connection: Connection) => void;
  /** `exact`: where the mouse dropped it; otherwise the nearest place that covers no other step. */
  addNode: (type: NodeType, position: XYPosition, placement?: 'exact' | 'free') => string;
  updateNodeData: (id: string, data: Record<string, unknown>) => void;
  /** Points an exit at a node, or disconnects it (target null). */
  connect: (source: string, sourceHandle: string | null, target: string | null) => void;
  removeNodes: (ids: readonly string[]) => void;
  selectOnly: (id: string | null) => void;
  copySelection: () => number;
  paste: () => number;
  /** Replaces the whole flow as one undoable step (an import). */
  importFlow: (flow: FlowSnapshot) => void;
  /** Replaces the whole flow (reload, rollback, import); see loadFlow, which also forgets the undo history. */
  replaceFlow: (flow: FlowSnapshot, rev: number) => void;
  setSave: (save: Partial<FlowState['save']>) => void;
  setIssues: (errors: FlowIssue[], problems: FlowIssue[], startIdle?: boolean) => void;
  setChannels: (channels: WarningChannel[]) => void;
  setChannelIssues: (issues: ChannelIssue[]) => void;
  setFlowContext: (context: FlowContext | null) => void;
  /** The setters below take the server's step ids (`<flowId>/<stepId>` outside the main flow) and keep this flow's. */
  setActiveNode: (id: string | null) => void;
  setProblemNodes: (problems: Record<string, string>) => void;
  setLiveCounts: (counts: Record<string, number>) => void;
  setDropOff: (stats: Record<string, NodeDropOff>) => void;
  /** A drag is one undo step however long it takes. */
  beginGesture: () => void;
  endGesture: () => void;
}

/** Changes closer together than this form one undo step (a drag, a word typed). */
const GROUP_MS = 400;

const MAIN: EditedFlow = { id: '', name: 'Main', main: true };

export function createFlowStore(botId: string, initial: FlowSnapshot, rev: number, flow: EditedFlow = MAIN) {
  const grouping = { last: Number.NEGATIVE_INFINITY, gesture: false, gestureRecorded: false };
  /** Discrete actions (add, connect, delete, paste) always start an undo step of their own. */
  const newStep = () => {
    grouping.last = Number.NEGATIVE_INFINITY;
  };

  return createStore<FlowState>()(
    temporal(
      (set, get) => ({
        botId,
        flow,
        flowContext: null,
        nodes: initial.nodes,
        edges: initial.edges,
        errors: [],
        problems: [],
        issuesByNode: new Map(),
        startIdle: false,
        channels: [],
        channelIssues: [],
        channelIssuesByNode: new Map(),
        save: { status: 'saved', rev },
        activeNodeId: null,
        problemNodes: {},
        clipboard: null,
        liveCounts: {},
        dropOff: {},

        onNodesChange: (changes) => set({ nodes: applyNodeChanges(changes, get().nodes) }),
        onEdgesChange: (changes) => set({ edges: applyEdgeChanges(changes, get().edges) }),
        onConnect: (connection) => {
          newStep();
          const { source, sourceHandle, target } = connection;
          if (source === target) return;
          // an exit leads to one place: connecting it again moves the connection
          const others = get().edges.filter((e) => !(e.source === source && (e.sourceHandle ?? null) === (sourceHandle ?? null)));
          set({ edges: addEdge({ ...connection, id: edgeId(source, sourceHandle, target) }, others) });
        },
        addNode: (type, position, placement = 'free') => {
          newStep();
          const id = newNodeId(type);
          const data = { ...definitionOf(type).defaults };
          // a step added with the keyboard never covers another: it goes to the nearest free place
          const size = rectOf({ position }, activeHandles(type, data).length);
          const spot = placement === 'exact' ? position : freeSpotNear(position, size, occupiedBy(get().nodes));
          const node = { id, type, position: spot, data, selected: true } as BotloomNode;
          set({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
          return id;
        },
        updateNodeData: (id, data) => {
          const node = get().nodes.find((n) => n.id === id);
          if (!node) return;
          // exits the new settings no longer have lose their connections (a wait switched to a pause)
          const exits = activeHandles(node.type, data);
          const edges = get().edges.filter((e) => e.source !== id || !e.sourceHandle || exits.includes(e.sourceHandle));
          set({
            nodes: get().nodes.map((n) => (n.id === id ? ({ ...n, data } as BotloomNode) : n)),
            ...(edges.length !== get().edges.length ? { edges } : {}),
          });
        },
        connect: (source, sourceHandle, target) => {
          newStep();
          const others = get().edges.filter((e) => !(e.source === source && (e.sourceHandle ?? null) === sourceHandle));
          set({ edges: target ? [...others, { id: edgeId(source, sourceHandle, target), source, sourceHandle, target }] : others });
        },
        removeNodes: (ids) => {
          newStep();
          const gone = new Set(ids);
          set({
            nodes: get().nodes.filter((n) => !gone.has(n.id)),
            edges: get().edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
          });
        },
        selectOnly: (id) =>
          set({
            nodes: get().nodes.map((n) => ((n.id === id) === !!n.selected ? n : { ...n, selected: n.id === id })),
            edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
          }),
        copySelection: () => {
          const nodes = get().nodes.filter((n) => n.selected);
          const ids = new Set(nodes.map((n) => n.id));
          const edges = get().edges.filter((e) => ids.has(e.source) && ids.has(e.target));
          if (nodes.length > 0) set({ clipboard: { nodes, edges } });
          return nodes.length;
        },
        paste: () => {
          const { clipboard, nodes, edges } = get();
          if (!clipboard) return 0;
          newStep();
          const pasted = pasteSnapshot(clipboard, nodes);
          set({
            nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
            edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges],
            // the next paste lands a step further
            clipboard: { nodes: pasted.nodes.map((n) => ({ ...n, selected: false })), edges: pasted.edges },
          });
          return pasted.nodes.length;
        },
        importFlow: (flow) => {
          newStep();
          set({ nodes: flow.nodes, edges: flow.edges });
        },
        replaceFlow: (flow, newRev) => {
          set({ nodes: flow.nodes, edges: flow.edges, save: { status: 'saved', rev: newRev, savedAt: Date.now() } });
        },
        setSave: (save) => set({ save: { ...get().save, ...save } }),
        setIssues: (errors, problems, startIdle = false) => {
          const byNode = new Map<string, FlowIssue[]>();
          for (const found of [...errors, ...problems]) {
            if (!found.nodeId) continue;
            byNode.set(found.nodeId, [...(byNode.get(found.nodeId) ?? []), found]);
          }
          set({ errors, problems, issuesByNode: byNode, startIdle });
        },
        setChannels: (channels) => set({ channels }),
        setChannelIssues: (issues) => {
          const byNode = new Map<string, ChannelIssue[]>();
          for (const found of issues) {
            if (!found.nodeId) continue;
            byNode.set(found.nodeId, [...(byNode.get(found.nodeId) ?? []), found]);
          }
          set({ channelIssues: issues, channelIssuesByNode: byNode });
        },
        setFlowContext: (context) => set({ flowContext: context }),
        setActiveNode: (id) => set({ activeNodeId: id === null ? null : localNodeId(flow, id) }),
        setProblemNodes: (problems) => set({ problemNodes: localEntries(flow, problems) }),
        setLiveCounts: (counts) => set({ liveCounts: localEntries(flow, counts) }),
        setDropOff: (stats) => set({ dropOff: localEntries(flow, stats) }),
        beginGesture: () => {
          newStep();
          grouping.gesture = true;
          grouping.gestureRecorded = false;
        },
        endGesture: () => {
          grouping.gesture = false;
          newStep();
        },
      }),
      {
        partialize: (state): FlowSnapshot => ({ nodes: state.nodes, edges: state.edges }),
        equality: sameDocument,
        limit: 200,
        handleSet: (handleSet) => (pastState, replace, currentState, deltaState) => {
          if (grouping.gesture) {
            if (!grouping.gestureRecorded) (handleSet as (...args: unknown[]) => void)(pastState, replace, currentState, deltaState);
            grouping.gestureRecorded = true;
            return;
          }
          const now = performance.now();
          const grouped = now - grouping.last < GROUP_MS;
          grouping.last = now;
          if (!grouped) (handleSet as (...args: unknown[]) => void)(pastState, replace, currentState, deltaState);
        },
      },
    ),
  );
}

export type FlowStore = ReturnType<typeof createFlowStore>;
