// The server names steps of flows other than the main one `<flowId>/<stepId>` (one id per step in
// the whole bot, see shared/src/flow-set.ts): live counts, the simulator's position, replays and
// analytics all use those. The canvas shows one flow, whose steps have their own ids.
import { splitLinkedNodeId } from '@botloom/shared';

export interface EditedFlow {
  id: string;
  name: string;
  main: boolean;
}

/** The id of a step on this flow's canvas, or null when the step is in another flow. */
export function localNodeId(flow: EditedFlow, linkedId: string): string | null {
  const { flowId, nodeId } = splitLinkedNodeId(linkedId);
  if (flowId === null) return flow.main ? linkedId : null;
  return flowId === flow.id ? nodeId : null;
}

/** The entries of a per-step record that are on this flow's canvas, under their canvas ids. */
export function localEntries<T>(flow: EditedFlow, record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    const local = localNodeId(flow, key);
    if (local !== null) out[local] = value;
  }
  return out;
}
