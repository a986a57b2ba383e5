import { describe, expect, it } from 'vitest';
import { implicitHandle, nodeCatalogue } from './catalogue';
import { validateDraft, validateForPublish } from './validate-flow';

const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });

describe('optional exits (send_message "failed")', () => {
  it('the catalogue lists send_message with an optional "failed" exit', () => {
    expect(nodeCatalogue.send_message.handles).toEqual(['out', 'failed']);
    expect(nodeCatalogue.send_message.optionalHandles).toEqual(['failed']);
    expect(nodeCatalogue.ask.optionalHandles).toEqual([]);
  });

  it('an edge without a sourceHandle still leaves through "out"', () => {
    expect(implicitHandle('send_message', { text: 'x' })).toBe('out');
    expect(implicitHandle('ask', { question: 'q', save_as: 'a' })).toBeUndefined();
    const flow = {
      nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Hi' }), node('e', 'end')],
      edges: [
        { id: 'a', source: 's', target: 'm' },
        { id: 'b', source: 'm', target: 'e' },
      ],
    };
    expect(validateForPublish(flow).errors).toEqual([]);
  });

  it('"failed" may be connected, or left alone without a problem', () => {
    const flow = {
      nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Hi' }), node('e', 'end'), node('f', 'end')],
      edges: [
        { id: 'a', source: 's', target: 'm', sourceHandle: 'out' },
        { id: 'b', source: 'm', target: 'e', sourceHandle: 'out' },
        { id: 'c', source: 'm', target: 'f', sourceHandle: 'failed' },
      ],
    };
    expect(validateDraft(flow)).toEqual({ errors: [], problems: [] });
  });

  it('a template needs a name and a language; its Content SID is checked', () => {
    const problems = (template: unknown) => validateDraft({ nodes: [node('m', 'send_message', { text: 'Hi', template })], edges: [] });
    expect(
      problems({ name: 'visit_reminder', language: 'en_US', variables: ['{{contact.first_name}}'], content_sid: `HX${'0'.repeat(32)}` })
        .errors,
    ).toEqual([]);
    // a name or SID that does not fit its pattern is something typed: a problem on the node, never a refused save
    const badName = problems({ name: 'Visit Reminder', language: 'en_US' });
    expect(badName.errors).toEqual([]);
    expect(badName.problems).toContainEqual(expect.objectContaining({ path: '/nodes/0/data/template/name', severity: 'error' }));
    const badSid = problems({ name: 'visit_reminder', language: 'en_US', content_sid: 'SM123' });
    expect(badSid.errors).toEqual([]);
    expect(badSid.problems).toContainEqual(expect.objectContaining({ path: '/nodes/0/data/template/content_sid', severity: 'error' }));
    expect(problems({ language: 'en_US' }).problems).toContainEqual(expect.objectContaining({ path: '/nodes/0/data/template/name' })); // unfinished, not malformed
  });
});
