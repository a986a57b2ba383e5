import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, message, start } from '../../../../tests/support/engine-harness';

const flow = buildFlow(
  [
    ['s', 'start'],
    ['bye', 'send_message', { text: 'bye' }],
    ['e', 'end', { label: 'Done' }],
  ],
  [
    ['s', 'out', 'bye'],
    ['bye', 'out', 'e'],
  ],
);

describe('end', () => {
  it('completes the conversation at the End node', () => {
    const r = createHarness(flow).step(start());
    expect(r.trace.slice(-2)).toEqual([
      { type: 'node_entered', nodeId: 'e', nodeType: 'end' },
      { type: 'ended', status: 'completed', nodeId: 'e', reason: 'reached an End node' },
    ]);
    expect(r.state).toMatchObject({ status: 'completed', nodeId: 'e', wait: null, endReason: 'reached an End node' });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'bye', text: 'bye' }]);
  });

  it('a later message does not continue the ended conversation; a new start does', () => {
    const h = createHarness(flow);
    h.step(start());
    expect(h.step(message('hello')).effects).toEqual([]);
    const again = h.step(start());
    expect(again.effects).toEqual([{ type: 'send', nodeId: 'bye', text: 'bye' }]);
    expect(again.state.status).toBe('completed');
  });
});
