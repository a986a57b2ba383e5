import { describe, expect, it } from 'vitest';
import { describeStepChanges, diffFlows, showValue, stepStatus } from './diff-flows';
import type { FlowDocument } from './flow-types';

const node = (id: string, type: string, data: Record<string, unknown> = {}, x = 0) => ({ id, type, position: { x, y: 0 }, data });
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

const before: FlowDocument = {
  nodes: [
    node('s', 'start'),
    node('hi', 'send_message', { text: 'Hello' }),
    node('ask', 'ask', { question: 'Name?', save_as: 'name' }),
    node('old', 'end'),
  ],
  edges: [edge('s', 'hi'), edge('hi', 'ask'), edge('ask', 'old', 'answered')],
};
const after: FlowDocument = {
  nodes: [
    node('s', 'start', {}, 300), // moved only
    node('hi', 'send_message', { text: 'Hi there', label: 'Greeting' }),
    node('ask', 'ask', { save_as: 'name', question: 'Name?' }), // same data, other key order
    node('bye', 'send_message', { text: 'Bye' }),
  ],
  edges: [edge('s', 'hi'), edge('hi', 'ask'), edge('ask', 'bye', 'answered')],
};

describe('diffFlows', () => {
  it('finds added, removed and changed steps, ignoring moves and key order', () => {
    const diff = diffFlows(before, after);
    expect(diff).toEqual({
      addedNodes: ['bye'],
      removedNodes: ['old'],
      changedNodes: ['hi'],
      addedEdges: ['ask:answered->bye'],
      removedEdges: ['ask:answered->old'],
    });
    expect(['s', 'hi', 'bye', 'old'].map((id) => stepStatus(diff, id))).toEqual(['unchanged', 'changed', 'added', 'removed']);
  });
});

describe('describeStepChanges', () => {
  it('lists the changed fields in plain words, with the schema titles', () => {
    expect(describeStepChanges(before, after)).toEqual([
      {
        nodeId: 'hi',
        step: 'Greeting',
        fields: [
          { field: 'label', label: 'Name on the canvas', before: '(empty)', after: '“Greeting”', text: 'Name on the canvas: (empty) → “Greeting”' },
          { field: 'text', label: 'Message', before: '“Hello”', after: '“Hi there”', text: 'Message: “Hello” → “Hi there”' },
        ],
      },
    ]);
  });

  it('names a change of step type and a field the schema does not know', () => {
    const a: FlowDocument = { nodes: [node('x', 'send_message', { text: 'A', extra_note: 1 })], edges: [] };
    const b: FlowDocument = { nodes: [node('x', 'end', { extra_note: 2 })], edges: [] };
    const [change] = describeStepChanges(a, b);
    expect(change!.step).toBe('End');
    expect(change!.fields.map((f) => f.text)).toEqual(['Step type: “Send message” → “End”', 'Message: “A” → (empty)', 'Extra note: 1 → 2']);
  });
});

describe('showValue', () => {
  it('reads values the way a person would', () => {
    expect(showValue(undefined)).toBe('(empty)');
    expect(showValue('')).toBe('(empty)');
    expect(showValue(['Yes', 'No'])).toBe('“Yes”, “No”');
    expect(showValue({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(showValue('x'.repeat(300))).toHaveLength(120);
  });
});
