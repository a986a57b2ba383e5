// The editor's store reaches its components through a provider, so each open editor has its own.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { TemporalState } from 'zundo';
import type { FlowState, FlowStore } from './create-flow-store';
import type { FlowSnapshot } from './flow-types';

const FlowStoreContext = createContext<FlowStore | null>(null);

export function FlowStoreProvider({ store, children }: { store: FlowStore; children: ReactNode }) {
  return <FlowStoreContext.Provider value={store}>{children}</FlowStoreContext.Provider>;
}

export function useFlowStoreApi(): FlowStore {
  const store = useContext(FlowStoreContext);
  if (!store) throw new Error('useFlowStore must be used inside <FlowStoreProvider>');
  return store;
}

export function useFlowStore<T>(selector: (state: FlowState) => T): T {
  return useStore(useFlowStoreApi(), selector);
}

export function useFlowHistory<T>(selector: (state: TemporalState<FlowSnapshot>) => T): T {
  return useStore(useFlowStoreApi().temporal, selector);
}
