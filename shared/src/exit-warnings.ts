// Advice the flow validator gives as warnings (saved and publishable after a confirmation):
// an outcome of a step that leads nowhere (the conversation silently ends there), and a choice
// that is an opt-out word (a contact typing it is unsubscribed instead of choosing it).
import { activeHandles, implicitHandle, isNodeType, nodeCatalogue } from './catalogue';
import type { FlowDocument } from './flow-types';
import type { NodeType } from './generated/node-configs';
import { issue, type FlowIssue } from './issues';
import { optOutKeywordOf } from './opt-out-words';

type Data = Record<string, unknown>;

/** The words the canvas shows on each exit (studio/src/canvas/handle-labels.ts), to name it in a message. */
const EXIT_NAMES: Record<string, string> = {
  out: 'Next',
  true: 'True',
  false: 'False',
  success: 'Success',
  failure: 'Failure',
  failed: 'Not delivered',
  answered: 'Answered',
  reply: 'Reply',
  timeout: 'Timed out',
  booked: 'Booked',
  cancelled: 'Cancelled',
  unavailable: 'Unavailable',
};

const attemptsOf = (data: Data): number => (typeof data.max_attempts === 'number' ? data.max_attempts : 0);

/** The exits the node can actually leave by with its settings (an Ask with no time limit never times out). */
export function reachableExits(type: NodeType, data: Data): string[] {
  const optional = nodeCatalogue[type].optionalHandles;
  const exits = activeHandles(type, data).filter((h) => !optional.includes(h));
  if (type === 'ask' && data.timeout === undefined && attemptsOf(data) <= 0) return exits.filter((h) => h !== 'timeout');
  if (type === 'wait' && data.timeout === undefined) return exits.filter((h) => h !== 'timeout');
  return exits;
}

/** When the exit is taken, in the builder's words: "when the contact does not answer in time". */
function whenTaken(type: NodeType, exit: string, data: Data): string {
  if (type === 'ask' && exit === 'timeout') {
    const attempts = attemptsOf(data);
    const late = 'when the contact does not answer in time';
    const wrong = `after ${attempts} answer${attempts === 1 ? '' : 's'} that do not fit`;
    if (data.timeout === undefined) return wrong;
    return attempts > 0 ? `${late} or ${wrong}` : late;
  }
  if (type === 'ai_intent') return exit === 'unknown' ? 'when the message is not understood' : `when the contact means “${exit}”`;
  const action = String(data.action ?? 'book');
  const phrases: Partial<Record<NodeType, Record<string, string>>> = {
    ask: { answered: 'after the contact answers' },
    wait: { reply: 'after the contact replies', timeout: 'when the contact does not reply in time' },
    condition: { true: 'when the condition is true', false: 'when the condition is not true' },
    webhook_action: { success: 'after the webhook call succeeds', failure: 'when the webhook call fails' },
    book_appointment: {
      booked: action === 'reschedule' ? 'after the appointment is moved' : 'after the appointment is booked',
      cancelled: 'after the appointment is cancelled',
      unavailable:
        action === 'cancel' ? 'when the contact has no appointment to cancel' : 'when no time is free or the contact does not pick one',
    },
  };
  return phrases[type]?.[exit] ?? `when the step leaves by “${EXIT_NAMES[exit] ?? exit}”`;
}

/**
 * A step with several ways out whose outcome leads nowhere: the conversation silently ends there.
 * A step with a single way out may end the conversation (a last message), so it is not listed.
 */
export function unconnectedExits(flow: FlowDocument): FlowIssue[] {
  const types = new Map(flow.nodes.map((n) => [n.id, n]));
  const exitOf = (e: FlowDocument['edges'][number]): string => {
    const source = types.get(e.source);
    return e.sourceHandle ?? (source && isNodeType(source.type) ? implicitHandle(source.type, source.data) : undefined) ?? '';
  };
  const connected = new Set(flow.edges.map((e) => `${e.source}\u0000${exitOf(e)}`));
  const found: FlowIssue[] = [];
  flow.nodes.forEach((node, i) => {
    if (!isNodeType(node.type) || node.type === 'start') return; // Start is checked on its own
    const exits = reachableExits(node.type, node.data);
    if (exits.length < 2) return;
    for (const exit of exits) {
      if (connected.has(`${node.id}\u0000${exit}`)) continue;
      const name = EXIT_NAMES[exit] ?? exit;
      found.push(
        issue(
          `/nodes/${i}`,
          `Nothing happens ${whenTaken(node.type, exit, node.data)}. Connect “${name}” to the next step, or to an End step if the conversation should finish there`,
          { nodeId: node.id, severity: 'warning', exit },
        ),
      );
    }
  });
  return found;
}

/** Choices that are opt-out words: a contact who types one is unsubscribed from every message. */
export function optOutChoices(flow: FlowDocument): FlowIssue[] {
  const found: FlowIssue[] = [];
  flow.nodes.forEach((node, i) => {
    if (node.type !== 'ask' || node.data.answer_type !== 'choice' || !Array.isArray(node.data.choices)) return;
    node.data.choices.forEach((choice, j) => {
      if (typeof choice !== 'string' || optOutKeywordOf(choice) === null) return;
      found.push(
        issue(
          `/nodes/${i}/data/choices/${j}`,
          `“${choice.trim()}” is a word that unsubscribes: a contact who types it is opted out of all messages instead of choosing it. Use a few more words (for example “Cancel my appointment” rather than “Cancel”)`,
          { nodeId: node.id, severity: 'warning' },
        ),
      );
    });
  });
  return found;
}
