import { describe, expect, it } from 'vitest';
import { jumpsWithoutWaiting, linkedNodeId, splitLinkedNodeId } from './flow-set';
import type { FlowDocument } from './flow-types';
import { validateDraft } from './validate-flow';
import { flowRefsOf, validateFlowSetForPublish } from './validate-flow-set';

const MAIN = 'a00000000000000000000001';
const FAQ = 'a00000000000000000000002';
const FEEDBACK = 'a00000000000000000000003';

type Spec = [id: string, type: string, data?: Record<string, unknown>];
function doc(nodes: Spec[], edges: Array<[string, string, string]>): FlowDocument {
  return {
    nodes: nodes.map(([id, type, data]) => ({ id, type, position: { x: 0, y: 0 }, data: data ?? {} })),
    edges: edges.map(([source, sourceHandle, target]) => ({ id: `${source}-${target}`, source, target, sourceHandle })),
  };
}
const jumpTo = (flowId: string) => doc([['s', 'start'], ['go', 'jump', { flow_id: flowId }]], [['s', 'out', 'go']]);
const askThenJump = (flowId: string) =>
  doc(
    [['s', 'start'], ['q', 'ask', { question: 'Again?', save_as: 'again' }], ['go', 'jump', { flow_id: flowId }]],
    [['s', 'out', 'q'], ['q', 'answered', 'go']],
  );
const say = (text: string) => doc([['s', 'start'], ['m', 'send_message', { text }]], [['s', 'out', 'm']]);

describe('linked node ids', () => {
  it('keeps the main flow ids and prefixes the others with their flow', () => {
    expect(linkedNodeId({ id: MAIN, main: true }, 'n1')).toBe('n1');
    expect(linkedNodeId({ id: FAQ }, 'n1')).toBe(`${FAQ}/n1`);
    expect(splitLinkedNodeId(`${FAQ}/n1`)).toEqual({ flowId: FAQ, nodeId: 'n1' });
    expect(splitLinkedNodeId('n1')).toEqual({ flowId: null, nodeId: 'n1' });
    expect(splitLinkedNodeId('menu/n1')).toEqual({ flowId: null, nodeId: 'menu/n1' });
  });
});

describe('jumps without waiting', () => {
  it('lists the jumps reached from Start before any waiting step', () => {
    expect(jumpsWithoutWaiting(jumpTo(FAQ))).toEqual([{ nodeId: 'go', flowId: FAQ }]);
    expect(jumpsWithoutWaiting(askThenJump(FAQ))).toEqual([]);
  });
});

describe('draft checks across flows', () => {
  const flows = [
    { id: MAIN, name: 'Main', main: true },
    { id: FAQ, name: 'FAQ' },
  ];

  it('a jump to a flow that does not exist is a problem on the step; the draft still saves', () => {
    const found = validateDraft(jumpTo(FEEDBACK), { flowId: MAIN, flows });
    expect(found.errors).toEqual([]);
    expect(found.problems).toContainEqual(expect.objectContaining({ nodeId: 'go', path: '/nodes/1/data/flow_id', severity: 'error', message: expect.stringContaining('does not exist') }));
    expect(validateDraft(jumpTo(FAQ), { flowId: MAIN, flows }).problems).toEqual([]);
  });

  it('an unchosen flow is an unfinished field', () => {
    const found = validateDraft(doc([['s', 'start'], ['go', 'jump', { flow_id: '' }]], [['s', 'out', 'go']]), { flowId: MAIN, flows });
    expect(found.errors).toEqual([]);
    expect(found.problems).toContainEqual(expect.objectContaining({ nodeId: 'go', path: '/nodes/1/data/flow_id', severity: 'error' }));
  });

  it('jumps that come back round without waiting are a problem on the jump, naming the loop', () => {
    const refs = [
      { id: MAIN, name: 'Main', main: true },
      { id: FAQ, name: 'FAQ', jumpsWithoutWaiting: [FEEDBACK] },
      { id: FEEDBACK, name: 'Feedback', jumpsWithoutWaiting: [MAIN] },
    ];
    const found = validateDraft(jumpTo(FAQ), { flowId: MAIN, flows: refs });
    expect(found.problems).toEqual([
      expect.objectContaining({ nodeId: 'go', path: '/nodes/1', severity: 'error', message: expect.stringContaining('“Main” → “FAQ” → “Feedback” → “Main”') }),
    ]);
    // a question on the way breaks the loop
    expect(validateDraft(askThenJump(FAQ), { flowId: MAIN, flows: refs }).problems).toEqual([]);
  });

  it('a flow that jumps to itself straight away loops', () => {
    const found = validateDraft(jumpTo(FAQ), { flowId: FAQ, flows });
    expect(found.problems).toContainEqual(expect.objectContaining({ nodeId: 'go', message: expect.stringContaining('“FAQ” → “FAQ”') }));
  });
});

describe('publishing a bot with several flows', () => {
  const member = (id: string, name: string, flow: FlowDocument, main = false) => ({ id, name, main, ...flow });

  it('links every flow and checks each, naming the flow of each issue', () => {
    const ok = validateFlowSetForPublish([member(MAIN, 'Main', jumpTo(FAQ), true), member(FAQ, 'FAQ', say('Opening hours: 9 to 5'))]);
    expect(ok.errors).toEqual([]);
    expect(ok.flow?.flows?.map((f) => f.id)).toEqual([MAIN, FAQ]);
    expect(ok.flow?.nodes.map((n) => n.id)).toEqual(['s', 'go', `${FAQ}/s`, `${FAQ}/m`]);

    const bad = validateFlowSetForPublish([member(MAIN, 'Main', jumpTo(FAQ), true), member(FAQ, 'FAQ', say(''))]);
    expect(bad.flow).toBeUndefined();
    expect(bad.errors).toEqual([expect.objectContaining({ flowId: FAQ, nodeId: 'm', path: '/nodes/1/data/text' })]);
  });

  it('refuses a loop through jumps with no waiting step, on every jump of the loop', () => {
    const result = validateFlowSetForPublish([member(MAIN, 'Main', jumpTo(FAQ), true), member(FAQ, 'FAQ', jumpTo(MAIN))]);
    expect(result.flow).toBeUndefined();
    expect(result.errors.map((e) => [e.flowId, e.nodeId])).toEqual([
      [MAIN, 'go'],
      [FAQ, 'go'],
    ]);
    // the same loop with a question in it publishes
    expect(validateFlowSetForPublish([member(MAIN, 'Main', jumpTo(FAQ), true), member(FAQ, 'FAQ', askThenJump(MAIN))]).errors).toEqual([]);
  });

  it('refuses a jump to a flow that is not published with it', () => {
    const result = validateFlowSetForPublish([member(MAIN, 'Main', jumpTo(FEEDBACK), true)]);
    expect(result.errors).toEqual([expect.objectContaining({ flowId: MAIN, nodeId: 'go', message: expect.stringContaining('does not exist') })]);
  });

  it('an empty other flow is a warning, an empty main flow an error', () => {
    const empty = doc([['s', 'start']], []);
    const result = validateFlowSetForPublish([member(MAIN, 'Main', say('hi'), true), member(FAQ, 'FAQ', empty)]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toContainEqual(expect.objectContaining({ flowId: FAQ, message: 'This flow does nothing yet: its Start leads nowhere' }));
    expect(validateFlowSetForPublish([member(MAIN, 'Main', empty, true)]).errors).toEqual([expect.objectContaining({ flowId: MAIN, nodeId: 's' })]);
  });

  it('flowRefsOf summarises each flow for the checks of another', () => {
    expect(flowRefsOf([{ id: FAQ, name: 'FAQ', ...jumpTo(MAIN) }])).toEqual([{ id: FAQ, name: 'FAQ', main: false, jumpsWithoutWaiting: [MAIN] }]);
  });
});
