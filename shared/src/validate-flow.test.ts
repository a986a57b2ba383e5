import { describe, expect, it } from 'vitest';
import { validateDraft, validateForPublish } from './validate-flow';

const at = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const link = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${sourceHandle ?? ''}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

const finished = () => ({
  nodes: [at('s', 'start'), at('q', 'ask', { question: 'Name?', save_as: 'name' }), at('hi', 'send_message', { text: 'Hi {{state.name}}' }), at('e', 'end')],
  edges: [link('s', 'q'), link('q', 'hi', 'answered'), link('hi', 'e')],
});

describe('validateDraft', () => {
  it('accepts a finished flow with nothing to report', () => {
    expect(validateDraft(finished())).toEqual({ errors: [], problems: [] });
  });

  it('lists unfinished fields as problems, located by node and pointer', () => {
    const flow = finished();
    flow.nodes[1] = at('q', 'ask', { question: '' });
    const result = validateDraft(flow);
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/question', message: 'must not be empty' }),
        expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/save_as', message: '"Save the answer as" is required' }),
      ]),
    );
  });

  it('explains an either-or requirement once', () => {
    const flow = finished();
    flow.nodes[2] = at('hi', 'send_message', {});
    expect(validateDraft(flow).problems).toEqual([expect.objectContaining({ nodeId: 'hi', path: '/nodes/2/data', message: 'Fill in "Message" or "Picture or file URL"' })]);
  });

  it.each([
    ['an unknown type', (f: ReturnType<typeof finished>) => void (f.nodes[2] = at('hi', 'teleport')), '/nodes/2/type'],
    ['a value of the wrong type', (f: ReturnType<typeof finished>) => void (f.nodes[2] = at('hi', 'send_message', { text: 42 })), '/nodes/2/data/text'],
    ['a value outside its enum', (f: ReturnType<typeof finished>) => void (f.nodes[1] = at('q', 'ask', { question: 'x', save_as: 'y', answer_type: 'colour' })), '/nodes/1/data/answer_type'],
    ['an edge to a missing node', (f: ReturnType<typeof finished>) => void f.edges.push(link('hi', 'ghost')), '/edges/3/target'],
    ['an edge from an unknown handle', (f: ReturnType<typeof finished>) => void (f.edges[1] = link('q', 'hi', 'maybe')), '/edges/1/sourceHandle'],
    ['a second start', (f: ReturnType<typeof finished>) => void f.nodes.push(at('s2', 'start')), '/nodes/4/type'],
    ['an edge into start', (f: ReturnType<typeof finished>) => void f.edges.push(link('hi', 's')), '/edges/3/target'],
    ['two nodes with one id', (f: ReturnType<typeof finished>) => void f.nodes.push(at('hi', 'end')), '/nodes/4/id'],
  ])('refuses %s as malformed', (_what, breakIt, path) => {
    const flow = finished();
    breakIt(flow);
    expect(validateDraft(flow).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('refuses a document that is not a flow at all, pointing at the field', () => {
    expect(validateDraft({ nodes: 'many' }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/nodes', message: 'must be array' }), expect.objectContaining({ path: '/edges' })]),
    );
  });

  it('finds a cycle that never waits, but not one that passes a question', () => {
    const spinning = {
      nodes: [at('s', 'start'), at('a', 'set_variable', { name: 'n', value: '1' }), at('b', 'condition', { variable: 'n', operator: '==', value: '1' })],
      edges: [link('s', 'a'), link('a', 'b'), link('b', 'a', 'true')],
    };
    const blocking = validateDraft(spinning).problems.filter((p) => p.severity === 'error');
    expect(blocking).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('loop forever') })]);
    const waiting = finished();
    waiting.edges.push(link('q', 'q', 'timeout'));
    expect(validateDraft(waiting).problems).toEqual([]);
  });

  it('warns about unreachable nodes and a missing start', () => {
    const flow = finished();
    flow.nodes.push(at('lonely', 'end'));
    expect(validateDraft(flow).problems).toEqual([expect.objectContaining({ nodeId: 'lonely', severity: 'warning' })]);
    expect(validateDraft({ nodes: [at('e', 'end')], edges: [] }).problems).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('Add a Start') })]));
  });

  it('flags an exit that the node does not use with its current settings', () => {
    const flow = {
      nodes: [at('s', 'start'), at('w', 'wait', { mode: 'duration', duration: 5, unit: 'minutes' }), at('e', 'end')],
      edges: [link('s', 'w'), link('w', 'e', 'reply')],
    };
    expect(validateDraft(flow).problems).toEqual([expect.objectContaining({ edgeId: 'w-reply-e', message: expect.stringContaining('not used') })]);
  });

  it('flags one exit connected twice', () => {
    const flow = finished();
    flow.edges.push({ ...link('hi', 'q'), id: 'dup' });
    expect(validateDraft(flow).problems).toEqual(expect.arrayContaining([expect.objectContaining({ edgeId: 'dup', message: expect.stringContaining('connected twice') })]));
  });
});

describe('validateForPublish', () => {
  it('returns a runnable flow when everything is finished', () => {
    const result = validateForPublish(finished());
    expect(result.errors).toEqual([]);
    expect(result.flow?.nodes.map((n) => n.type)).toEqual(['start', 'ask', 'send_message', 'end']);
  });

  it('refuses unfinished work but lets warnings through', () => {
    const unfinished = finished();
    unfinished.nodes[2] = at('hi', 'send_message', {});
    const refused = validateForPublish(unfinished);
    expect(refused.flow).toBeUndefined();
    expect(refused.errors).toEqual([expect.objectContaining({ nodeId: 'hi' })]);
    const withStray = finished();
    withStray.nodes.push(at('lonely', 'end'));
    const result = validateForPublish(withStray);
    expect(result.flow).toBeDefined();
    expect(result.warnings).toEqual([expect.objectContaining({ nodeId: 'lonely' })]);
  });
});
