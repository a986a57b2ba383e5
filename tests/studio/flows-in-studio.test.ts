// The pure parts of several flows in the studio: which server step ids belong on the canvas of the
// flow being edited, and where a jump is placed among a transcript's messages.
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../studio/src/simulator/transcript-timeline';
import { localEntries, localNodeId } from '../../studio/src/store/linked-ids';

const FAQ = 'c00000000000000000000002';
const MAIN = { id: 'c00000000000000000000001', name: 'Main', main: true };
const OTHER = { id: FAQ, name: 'FAQ', main: false };

describe('step ids on the canvas of one flow', () => {
  it('keeps the main flow’s ids on the main flow and the prefixed ones on their flow', () => {
    expect(localNodeId(MAIN, 'ask-1')).toBe('ask-1');
    expect(localNodeId(MAIN, `${FAQ}/ask-1`)).toBeNull();
    expect(localNodeId(OTHER, `${FAQ}/ask-1`)).toBe('ask-1');
    expect(localNodeId(OTHER, 'ask-1')).toBeNull();
    expect(localEntries(OTHER, { a: 1, [`${FAQ}/b`]: 2, 'c00000000000000000000003/b': 3 })).toEqual({ b: 2 });
  });
});

describe('a jump in a transcript', () => {
  const at = '2026-01-05T10:00:00.000Z';
  const msg = (id: string, direction: 'in' | 'out', nodeId?: string) => ({ id, direction, createdAt: at, nodeId, text: id });
  const jump = { nodeId: 'go', kind: 'jumped', message: 'Went on to the flow “FAQ”', flowId: FAQ, seq: 5, at };

  it('goes before the first message of the flow it went to, after those sent before the jump', () => {
    const items = buildTimeline([msg('hi', 'in'), msg('welcome', 'out', 'welcome'), msg('hours', 'out', `${FAQ}/hours`)], [jump]);
    expect(items.map((i) => (i.kind === 'notice' ? `[${i.text}]${i.info ? ' info' : ''}` : i.message.id))).toEqual(['hi', 'welcome', '[Went on to the flow “FAQ”] info', 'hours']);
  });

  it('stays where its time puts it when the other flow sent nothing', () => {
    const items = buildTimeline([msg('hi', 'in'), msg('welcome', 'out', 'welcome')], [jump]);
    expect(items.map((i) => (i.kind === 'notice' ? 'jump' : i.message.id))).toEqual(['hi', 'jump', 'welcome']);
  });

  it('problems stay red lines (no info mark)', () => {
    const items = buildTimeline([], [{ nodeId: 'hook', kind: 'webhook_failed', message: 'x', seq: 1, at }]);
    expect(items).toEqual([expect.objectContaining({ kind: 'notice', text: 'x' })]);
    expect((items[0] as { info?: boolean }).info).toBeUndefined();
  });
});
