// The bot's flows while its editor is open: listed in the flow bar, picked by name in a "Go to
// flow" step, and given to the validator for the checks across flows. One list for all of them.
import type { FlowContext } from '@botloom/shared';
import { createContext, useContext } from 'react';
import type { FlowSummary } from '../api/types';

export interface FlowsInfo {
  botId: string;
  /** The main flow first; null while loading. */
  flows: FlowSummary[] | null;
  /** The flow being edited. */
  current: { id: string; name: string; main: boolean };
  /** Reads the list again (after a change here or elsewhere). */
  reload: () => Promise<void>;
}

export const FlowsContext = createContext<FlowsInfo>({ botId: '', flows: null, current: { id: '', name: 'Main', main: true }, reload: async () => undefined });

export const useFlows = () => useContext(FlowsContext);

/** Where the editor shows a flow: the main one at the bot's address, the others with `?flow=`. */
export function flowPath(botId: string, flow: { id: string; main: boolean }): string {
  return flow.main ? `/bots/${botId}` : `/bots/${botId}?flow=${flow.id}`;
}

/** What the validator needs to check a flow against the others. */
export function flowContextOf(current: { id: string }, flows: readonly FlowSummary[]): FlowContext {
  return { flowId: current.id, flows: flows.map((f) => ({ id: f.id, name: f.name, main: f.main, jumpsWithoutWaiting: f.jumpsWithoutWaiting ?? [] })) };
}
