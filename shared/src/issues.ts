/** Something wrong or unfinished in a flow, located by node and JSON pointer into the flow. */
export interface FlowIssue {
  nodeId?: string;
  edgeId?: string;
  /** JSON pointer into the flow document, e.g. /nodes/3/data/question */
  path: string;
  message: string;
  /**
   * Problems ("error") block publishing; warnings are advice (an exit that leads nowhere, an
   * unreachable step) that publishing asks to confirm. Malformed-flow errors never carry "warning".
   */
  severity: 'error' | 'warning';
  /** When a bot's flows are checked together (publishing): the flow the issue is in. */
  flowId?: string;
  /** For an exit that leads nowhere: the exit's name (timeout, false…). */
  exit?: string;
}

export function issue(path: string, message: string, extra: Partial<FlowIssue> = {}): FlowIssue {
  return { path, message, severity: 'error', ...extra };
}
