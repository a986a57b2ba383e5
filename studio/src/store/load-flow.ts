// Puts a flow from the server into the store, as one fresh start: no undo back past it.
import type { DraftView } from '../api/types';
import type { FlowStore } from './create-flow-store';
import { fromStored } from './flow-document';

export function loadFlow(store: FlowStore, draft: Pick<DraftView, 'nodes' | 'edges' | 'rev'>): string[] {
  const { unknownTypes, ...flow } = fromStored(draft.nodes, draft.edges);
  store.getState().replaceFlow(flow, draft.rev);
  store.temporal.getState().clear();
  return unknownTypes;
}
