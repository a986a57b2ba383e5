import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, start } from '../../../../tests/support/engine-harness';
import { startHandler } from './handler';

describe('start', () => {
  it('leaves through "out" without doing anything else', () => {
    const flow = buildFlow(
      [
        ['s', 'start', { label: 'Begin' }],
        ['hi', 'send_message', { text: 'hi' }],
      ],
      [['s', 'out', 'hi']],
    );
    const r = createHarness(flow).step(start());
    expect(r.trace.slice(0, 3)).toEqual([
      { type: 'node_entered', nodeId: 's', nodeType: 'start' },
      { type: 'edge_followed', from: 's', handle: 'out', to: 'hi' },
      { type: 'node_entered', nodeId: 'hi', nodeType: 'send_message' },
    ]);
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'hi', text: 'hi' }]);
  });

  it('a Start connected to nothing cannot be published', () => {
    expect(() => buildFlow([['s', 'start']], [])).toThrow(/Connect Start to the first step/);
  });

  it('has no waiting behaviour', () => {
    expect(startHandler.onReply).toBeUndefined();
    expect(startHandler.onTimer).toBeUndefined();
    expect(startHandler.onEffectResult).toBeUndefined();
  });
});
