// What a person can type is a problem on the node (the draft is still saved); only what no form
// can produce is malformed. Exits that lead nowhere and opt-out words as choices are warnings.
import { describe, expect, it } from 'vitest';
import { normalizeConsentText, optOutKeywordOf, OPT_OUT_KEYWORDS } from './opt-out-words';
import { validateDraft, validateForPublish } from './validate-flow';

const at = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
const link = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${sourceHandle ?? ''}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});
const flowWith = (step: ReturnType<typeof at>, more: Array<ReturnType<typeof link>> = []) => ({
  nodes: [at('s', 'start'), step, at('e', 'end')],
  edges: [link('s', step.id), ...more],
});
const warnings = (flow: unknown) => validateDraft(flow).problems.filter((p) => p.severity === 'warning');

describe('what a person types is a problem, never a refused save', () => {
  it.each([
    ['a 5,001-character message', at('m', 'send_message', { text: 'x'.repeat(5001) }), '/nodes/1/data/text', /^Too long: at most 4096 characters$/],
    ['a variable name with a space', at('q', 'ask', { question: 'Name?', save_as: 'my name' }), '/nodes/1/data/save_as', /^Use a variable name such as state\.email/],
    ['a number out of range', at('w', 'wait', { mode: 'duration', duration: 0, unit: 'minutes' }), '/nodes/1/data/duration', /^Must be more than 0$/],
    ['a decimal in a whole-number field', at('q', 'ask', { question: 'Q', save_as: 'a', max_attempts: 2.5 }), '/nodes/1/data/max_attempts', /whole number/],
    ['too many rules', at('c', 'condition', { rules: Array.from({ length: 21 }, () => ({ variable: 'a', operator: '==', value: 'b' })) }), '/nodes/1/data/rules', /^Too many: at most 20$/],
    ['webhook headers typed as a list', at('h', 'webhook_action', { url: 'https://example.com', headers: ['a'] }), '/nodes/1/data/headers', /object/],
    ['a header value typed as a number', at('h', 'webhook_action', { url: 'https://example.com', headers: { 'X-Id': 7 } }), '/nodes/1/data/headers/X-Id', /string/],
    ['a cleared list selection', at('w', 'wait', { mode: 'duration', duration: 5, unit: null }), '/nodes/1/data/unit', /./],
  ])('%s', (_what, step, path, message) => {
    const result = validateDraft(flowWith(step));
    expect(result.errors).toEqual([]);
    expect(result.problems).toContainEqual(expect.objectContaining({ nodeId: step.id, path, severity: 'error', message: expect.stringMatching(message) }));
    expect(validateForPublish(flowWith(step)).errors).toContainEqual(expect.objectContaining({ path }));
  });

  it.each([
    ['a wrong JSON type', at('m', 'send_message', { text: 42 }), '/nodes/1/data/text'],
    ['a value outside its list', at('w', 'wait', { mode: 'duration', duration: 5, unit: 'fortnights' }), '/nodes/1/data/unit'],
    ['an unknown node type', at('x', 'teleport'), '/nodes/1/type'],
  ])('%s is still malformed', (_what, step, path) => {
    expect(validateDraft(flowWith(step)).errors).toContainEqual(expect.objectContaining({ path }));
  });
});

describe('a new bot', () => {
  it('is just a Start with nothing to report, and cannot be published yet', () => {
    const blank = { nodes: [at('start', 'start')], edges: [] };
    expect(validateDraft(blank)).toEqual({ errors: [], problems: [] });
    expect(validateForPublish(blank).errors).toEqual([expect.objectContaining({ nodeId: 'start', message: expect.stringContaining('Connect Start to the first step') })]);
  });

  it('says Start is not connected once there are other steps', () => {
    const flow = { nodes: [at('start', 'start'), at('m', 'send_message', { text: 'Hi' })], edges: [] };
    expect(validateDraft(flow).problems).toContainEqual(expect.objectContaining({ nodeId: 'start', severity: 'error' }));
    expect(validateForPublish(flow).errors.filter((e) => e.nodeId === 'start')).toHaveLength(1);
  });
});

describe('exits that lead nowhere', () => {
  it('lists each unconnected outcome of a step with several, in plain words', () => {
    const ask = at('q', 'ask', { label: 'Ask for a date', question: 'When?', save_as: 'when', timeout: { duration: 1, unit: 'days' } });
    expect(warnings(flowWith(ask, [link('q', 'e', 'answered')]))).toEqual([
      {
        nodeId: 'q',
        path: '/nodes/1',
        exit: 'timeout',
        severity: 'warning',
        message: 'Nothing happens when the contact does not answer in time. Connect “Timed out” to the next step, or to an End step if the conversation should finish there',
      },
    ]);
    expect(warnings(flowWith(ask, [link('q', 'e', 'answered'), link('q', 'e', 'timeout')]))).toEqual([]);
  });

  it.each([
    ['a condition', at('c', 'condition', { variable: 'a', operator: '==', value: 'b' }), 'true', 'false', /condition is not true/],
    ['a webhook', at('h', 'webhook_action', { url: 'https://example.com' }), 'success', 'failure', /webhook call fails/],
    ['a booking', at('b', 'book_appointment', { resource_id: 'r1' }), 'booked', 'unavailable', /no time is free/],
    ['a cancellation', at('b', 'book_appointment', { resource_id: 'r1', action: 'cancel' }), 'cancelled', 'unavailable', /no appointment to cancel/],
    ['a wait for a reply with a time limit', at('w', 'wait', { mode: 'reply', timeout: { duration: 2, unit: 'hours' } }), 'reply', 'timeout', /does not reply in time/],
    ['a question that gives up after wrong answers', at('q', 'ask', { question: 'Q', save_as: 'a', max_attempts: 3 }), 'answered', 'timeout', /after 3 answers that do not fit/],
  ])('%s', (_what, step, connected, open, message) => {
    expect(warnings(flowWith(step, [link(step.id, 'e', connected)]))).toEqual([
      expect.objectContaining({ nodeId: step.id, exit: open, message: expect.stringMatching(message) }),
    ]);
  });

  it('does not list exits a step cannot take, nor the last step of a conversation', () => {
    const noLimit = at('q', 'ask', { question: 'Q', save_as: 'a' }); // never times out
    expect(warnings(flowWith(noLimit, [link('q', 'e', 'answered')]))).toEqual([]);
    const pause = at('w', 'wait', { mode: 'duration', duration: 5, unit: 'minutes' });
    expect(warnings(flowWith(pause, [link('w', 'e', 'out')]))).toEqual([]);
    const last = at('m', 'send_message', { text: 'Bye' }); // "Not delivered" is optional
    expect(warnings(flowWith(last, [link('m', 'e')]))).toEqual([]);
    expect(warnings({ nodes: [at('s', 'start'), last], edges: [link('s', 'm')] })).toEqual([]);
  });

  it('lets publishing through with the warnings listed', () => {
    const step = at('c', 'condition', { variable: 'a', operator: '==', value: 'b' });
    const result = validateForPublish(flowWith(step, [link('c', 'e', 'true')]));
    expect(result.errors).toEqual([]);
    expect(result.flow).toBeDefined();
    expect(result.warnings).toEqual([expect.objectContaining({ exit: 'false' })]);
  });
});

describe('choices that are opt-out words', () => {
  it('share one list and one reading with the consent classifier', () => {
    expect(OPT_OUT_KEYWORDS).toEqual(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout']);
    expect(['Cancel', ' STOP! ', 'opt-out', 'Quit.', '"End"'].map(optOutKeywordOf)).toEqual(['cancel', 'stop', 'optout', 'quit', 'end']);
    expect(['Cancel my appointment', 'Stopover', 'Reschedule'].map(optOutKeywordOf)).toEqual([null, null, null]);
    expect(normalizeConsentText('  Stop   ALL ')).toBe('stop all');
  });

  it('warns on each such choice, explaining what typing it does', () => {
    const ask = at('q', 'ask', { question: 'What now?', save_as: 'a', answer_type: 'choice', choices: ['Book', 'cancel', 'UNSUBSCRIBE'] });
    expect(warnings(flowWith(ask, [link('q', 'e', 'answered')]))).toEqual([
      expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/choices/1', message: expect.stringContaining('“cancel” is a word that unsubscribes') }),
      expect.objectContaining({ nodeId: 'q', path: '/nodes/1/data/choices/2', message: expect.stringContaining('opted out of all messages') }),
    ]);
    const text = at('q', 'ask', { question: 'Say stop?', save_as: 'a', choices: ['Stop'] }); // not a choice question
    expect(warnings(flowWith(text, [link('q', 'e', 'answered')]))).toEqual([]);
  });
});
