// Runs the shared validator (the very one the server uses) whenever the flow's logic changes;
// moving nodes around does not re-validate.
import { channelWarnings, validateDraft, type WarningChannel } from '@botloom/shared';
import type { ChannelIssue, FlowStore } from './create-flow-store';
import { friendlyIssue } from './friendly-issues';
import { sameLogic, toStoredEdges, toStoredNodes } from './flow-document';
import type { FlowSnapshot } from './flow-types';

export function validateSnapshot(flow: FlowSnapshot) {
  return validateDraft({ nodes: toStoredNodes(flow.nodes), edges: toStoredEdges(flow.edges) });
}

const CHANNEL_NAMES: Record<WarningChannel, string> = { sms: 'SMS', whatsapp: 'WhatsApp' };

export function channelIssuesOf(flow: FlowSnapshot, channels: readonly WarningChannel[]): ChannelIssue[] {
  if (channels.length === 0) return [];
  return channelWarnings(
    { nodes: toStoredNodes(flow.nodes), edges: toStoredEdges(flow.edges) } as Parameters<typeof channelWarnings>[0],
    channels,
  ).map((w) => ({
    nodeId: w.nodeId,
    path: w.path,
    channel: w.channel,
    severity: 'warning',
    message: w.message.startsWith('On WhatsApp') ? w.message : `${CHANNEL_NAMES[w.channel]}: ${w.message}`,
  }));
}

/** Returns the unsubscribe function. */
export function attachValidation(store: FlowStore): () => void {
  let checked: FlowSnapshot | null = null;
  let checkedChannels: readonly WarningChannel[] | null = null;
  const run = () => {
    const { nodes, edges, channels, setIssues, setChannelIssues } = store.getState();
    const sameFlow = checked !== null && sameLogic(checked, { nodes, edges });
    if (sameFlow && checkedChannels === channels) return;
    if (!sameFlow) {
      checked = { nodes, edges };
      const { errors, problems } = validateSnapshot(checked);
      setIssues(errors.map(friendlyIssue), problems.map(friendlyIssue));
    }
    checkedChannels = channels;
    setChannelIssues(channelIssuesOf({ nodes, edges }, channels));
  };
  run();
  return store.subscribe(run);
}

/** Issues that keep the flow from being published: malformed, or unfinished in a way that matters. */
export function publishBlockers(state: { errors: readonly unknown[]; problems: ReadonlyArray<{ severity: string }> }): number {
  return state.errors.length + state.problems.filter((p) => p.severity === 'error').length;
}
