// What JSON Schema cannot say about an ai_intent step's intents: each name is one exit, so two
// intents may not share a name, and "unknown" is the exit taken when nothing fits.
import type { FlowDocument } from './flow-types';
import { issue, type FlowIssue } from './issues';

export const UNKNOWN_INTENT = 'unknown';

export function intentNameProblems(flow: FlowDocument): FlowIssue[] {
  const found: FlowIssue[] = [];
  flow.nodes.forEach((node, i) => {
    if (node.type !== 'ai_intent' || !Array.isArray(node.data.intents)) return;
    const seen = new Set<string>();
    (node.data.intents as unknown[]).forEach((intent, k) => {
      const name = (intent as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || name === '') return;
      const at = `/nodes/${i}/data/intents/${k}/name`;
      if (name === UNKNOWN_INTENT) found.push(issue(at, '"unknown" is the way taken when nothing fits; give this intent another name', { nodeId: node.id }));
      else if (seen.has(name)) found.push(issue(at, `Two intents are called "${name}"; each needs its own name`, { nodeId: node.id }));
      seen.add(name);
    });
  });
  return found;
}
