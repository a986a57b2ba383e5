// The one flow validator, run by the server on save/publish and by the studio as you edit.
import Ajv2020 from 'ajv/dist/2020';
import { isNodeType, nodeCatalogue } from './catalogue';
import { flowSchema } from './generated/node-schemas';
import type { NodeType } from './generated/node-configs';
import { optOutChoices, unconnectedExits } from './exit-warnings';
import { flowSetProblems, type FlowContext } from './flow-set';
import { lintGraph, startLeadsNowhere } from './graph-lint';
import { issue, type FlowIssue } from './issues';
import { checkNodeConfig, isValidConfig } from './node-config-validator';
import type { FlowDocument, RunnableFlow, TypedNode } from './flow-types';

export interface DraftValidation {
  /** Malformed: the draft is refused (422). */
  errors: FlowIssue[];
  /** Unfinished or wrong ("error", blocks publishing) or advice ("warning"): the draft is saved and these are listed. */
  problems: FlowIssue[];
}

const shapeValidator = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile<FlowDocument>(flowSchema);

/**
 * With a context (the bot's flows), the checks across flows too: a jump to a flow that does not
 * exist, and jumps that come back round with no waiting step. Without one, the flow alone.
 */
export function validateDraft(input: unknown, context?: FlowContext): DraftValidation {
  if (!shapeValidator(input)) {
    const errors = (shapeValidator.errors ?? []).map((e) => {
      const field = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
      return issue(e.instancePath + field, e.message ?? 'is not valid');
    });
    return { errors, problems: [] };
  }
  const errors: FlowIssue[] = [];
  const problems: FlowIssue[] = [];
  input.nodes.forEach((node, i) => {
    if (!isNodeType(node.type)) {
      errors.push(issue(`/nodes/${i}/type`, `Unknown node type "${node.type}"; known types: ${Object.keys(nodeCatalogue).join(', ')}`, { nodeId: node.id }));
      return;
    }
    const found = checkNodeConfig(node.type, node.data, node.id, `/nodes/${i}/data`);
    errors.push(...found.errors);
    problems.push(...found.problems);
  });
  const graph = lintGraph(input);
  const advice = [...unconnectedExits(input), ...optOutChoices(input)];
  const acrossFlows = context ? flowSetProblems(input, context) : [];
  return { errors: [...errors, ...graph.errors], problems: [...problems, ...graph.problems, ...acrossFlows, ...advice] };
}

export interface PublishValidation {
  errors: FlowIssue[];
  warnings: FlowIssue[];
  flow?: RunnableFlow;
}

export interface PublishOptions {
  context?: FlowContext;
  /**
   * A Start that leads nowhere: an error for the main flow (the bot would answer nobody); a
   * warning for another flow, which may still be being written while the main one is published.
   */
  idleStart?: 'error' | 'warning';
}

/** Publishing refuses malformed and unfinished flows, and one whose Start leads nowhere; warnings (an unreachable node, an exit leading nowhere) pass. */
export function validateForPublish(input: unknown, options: PublishOptions = {}): PublishValidation {
  const draft = validateDraft(input, options.context);
  const errors = [...draft.errors, ...draft.problems.filter((p) => p.severity === 'error')];
  const warnings = draft.problems.filter((p) => p.severity === 'warning');
  const idle = draft.errors.length === 0 ? startLeadsNowhere(input as FlowDocument) : null;
  if (idle && options.idleStart === 'warning') {
    warnings.push({ ...idle, severity: 'warning', message: 'This flow does nothing yet: its Start leads nowhere' });
  } else if (idle && !errors.some((e) => e.nodeId === idle.nodeId && e.path === idle.path)) errors.push(idle);
  if (errors.length > 0) return { errors, warnings };
  const doc = input as FlowDocument;
  const nodes = doc.nodes.map((node) => toTypedNode(node));
  if (nodes.some((n) => n === null)) return { errors: [issue('/nodes', 'A node failed validation')], warnings };
  const edges = doc.edges.map(({ id, source, target, sourceHandle }) => ({ id, source, target, sourceHandle: sourceHandle ?? null }));
  return { errors, warnings, flow: { nodes: nodes as TypedNode[], edges } };
}

function toTypedNode(node: FlowDocument['nodes'][number]): TypedNode | null {
  const type = node.type as NodeType;
  if (!isValidConfig(type, node.data)) return null;
  // the type guard above proved data matches this type's config
  return { id: node.id, type, position: node.position, data: node.data } as TypedNode;
}
