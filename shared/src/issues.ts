/** Something wrong or unfinished in a flow, located by node and JSON pointer into the flow. */
export interface FlowIssue {
  nodeId?: string;
  edgeId?: string;
  /** JSON pointer into the flow document, e.g. /nodes/3/data/question */
  path: string;
  message: string;
  /** errors block publishing; warnings are advice. Malformed-flow errors never carry "warning". */
  severity: 'error' | 'warning';
}

export function issue(path: string, message: string, extra: Partial<FlowIssue> = {}): FlowIssue {
  return { path, message, severity: 'error', ...extra };
}
