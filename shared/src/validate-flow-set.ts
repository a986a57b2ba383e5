// Publishing checks every flow of a bot together: each on its own as before, then across flows
// (jumps to flows that do not exist, loops through jumps), then links them into one runnable graph.
import { jumpsWithoutWaiting, linkFlows, type FlowContext, type FlowRef, type FlowSetMember } from './flow-set';
import type { FlowIssue } from './issues';
import type { FlowDocument, RunnableFlow } from './flow-types';
import { validateForPublish, type PublishValidation } from './validate-flow';

/** The bot's flows as references for the checks across flows, each with the jumps it takes without waiting. */
export function flowRefsOf(flows: ReadonlyArray<{ id: string; name: string; main?: boolean } & FlowDocument>): FlowRef[] {
  return flows.map((f) => ({ id: f.id, name: f.name, main: f.main === true, jumpsWithoutWaiting: [...new Set(jumpsWithoutWaiting(f).map((j) => j.flowId))] }));
}

/**
 * Validates and links a bot's flows. Every issue carries the `flowId` it is in; the answer has a
 * runnable flow only when no flow has an error. Exactly one flow must be the main one.
 */
export function validateFlowSetForPublish(members: readonly FlowSetMember[]): PublishValidation {
  const refs = flowRefsOf(members);
  const errors: FlowIssue[] = [];
  const warnings: FlowIssue[] = [];
  const checked: Array<{ id: string; name: string; main: boolean; flow: RunnableFlow }> = [];
  for (const member of members) {
    const context: FlowContext = { flowId: member.id, flows: refs };
    const result = validateForPublish({ nodes: member.nodes, edges: member.edges }, { context, idleStart: member.main ? 'error' : 'warning' });
    errors.push(...result.errors.map((e) => ({ ...e, flowId: member.id })));
    warnings.push(...result.warnings.map((w) => ({ ...w, flowId: member.id })));
    if (result.flow) checked.push({ id: member.id, name: member.name, main: member.main, flow: result.flow });
  }
  if (members.filter((m) => m.main).length !== 1) errors.push({ path: '/flows', message: 'A bot has exactly one main flow', severity: 'error' });
  if (errors.length > 0) return { errors, warnings };
  return { errors, warnings, flow: linkFlows(checked) };
}
