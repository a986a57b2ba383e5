// Runs the shared validator (the very one the server uses) whenever the flow's logic changes;
// moving nodes around does not re-validate.
import { validateDraft } from '@botloom/shared';
import type { FlowStore } from './create-flow-store';
import { friendlyIssue } from './friendly-issues';
import { sameLogic, toStoredEdges, toStoredNodes } from './flow-document';
import type { FlowSnapshot } from './flow-types';

export function validateSnapshot(flow: FlowSnapshot) {
  return validateDraft({ nodes: toStoredNodes(flow.nodes), edges: toStoredEdges(flow.edges) });
}

/** Returns the unsubscribe function. */
export function attachValidation(store: FlowStore): () => void {
  let checked: FlowSnapshot | null = null;
  const run = () => {
    const { nodes, edges, setIssues } = store.getState();
    if (checked && sameLogic(checked, { nodes, edges })) return;
    checked = { nodes, edges };
    const { errors, problems } = validateSnapshot(checked);
    setIssues(errors.map(friendlyIssue), problems.map(friendlyIssue));
  };
  run();
  return store.subscribe(run);
}

/** Issues that keep the flow from being published: malformed, or unfinished in a way that matters. */
export function publishBlockers(state: { errors: readonly unknown[]; problems: ReadonlyArray<{ severity: string }> }): number {
  return state.errors.length + state.problems.filter((p) => p.severity === 'error').length;
}
