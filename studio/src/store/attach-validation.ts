// Runs the shared validator (the very one the server uses) whenever the flow's logic changes;
// moving nodes around does not re-validate.
import { channelWarnings, startLeadsNowhere, validateDraft, type FlowContext, type FlowDocument, type WarningChannel } from '@botloom/shared';
import type { ChannelIssue, FlowStore } from './create-flow-store';
import { friendlyIssue } from './friendly-issues';
import { sameLogic, toStoredEdges, toStoredNodes } from './flow-document';
import type { FlowSnapshot } from './flow-types';

/** With the bot's flows known, the checks across flows too (a jump to a missing flow, jumps that loop). */
export function validateSnapshot(flow: FlowSnapshot, context?: FlowContext | null) {
  const doc = { nodes: toStoredNodes(flow.nodes), edges: toStoredEdges(flow.edges) };
  const found = validateDraft(doc, context ?? undefined);
  return { ...found, startIdle: found.errors.length === 0 && startLeadsNowhere(doc as FlowDocument) !== null };
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
  let checkedContext: FlowContext | null | undefined;
  const run = () => {
    const { nodes, edges, channels, flowContext, setIssues, setChannelIssues } = store.getState();
    const sameFlow = checked !== null && sameLogic(checked, { nodes, edges }) && checkedContext === flowContext;
    if (sameFlow && checkedChannels === channels) return;
    if (!sameFlow) {
      checked = { nodes, edges };
      checkedContext = flowContext;
      const { errors, problems, startIdle } = validateSnapshot(checked, flowContext);
      setIssues(errors.map(friendlyIssue), problems.map(friendlyIssue), startIdle);
    }
    checkedChannels = channels;
    setChannelIssues(channelIssuesOf({ nodes, edges }, channels));
  };
  run();
  return store.subscribe(run);
}

interface IssueState {
  errors: readonly unknown[];
  problems: ReadonlyArray<{ severity: string }>;
  channelIssues: readonly unknown[];
}

/**
 * The one count the editor shows (Problems tab badge, Publish tooltip): the problems that keep the
 * flow from being published (malformed or marked "Fix"), and the warnings that do not.
 */
export function issueCounts(state: IssueState): { blocking: number; warnings: number } {
  const blocking = state.errors.length + state.problems.filter((p) => p.severity === 'error').length;
  const warnings = state.problems.filter((p) => p.severity === 'warning').length + state.channelIssues.length;
  return { blocking, warnings };
}

/** Issues that keep the flow from being published: malformed, or unfinished in a way that matters. */
export function publishBlockers(state: IssueState): number {
  return issueCounts(state).blocking;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
