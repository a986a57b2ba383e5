import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, effectResult, sentTexts, start } from '../../../../tests/support/engine-harness';

const knowledge = 'Q: How much is a check-up?\nA: A check-up costs $60.';

function replyFlow(config: Record<string, unknown> = {}, failureConnected = true) {
  return buildFlow(
    [
      ['s', 'start'],
      ['ai', 'ai_reply', { instructions: 'You answer for {{contact.clinic}}.', knowledge, ...config }],
      ['next', 'send_message', { text: 'anything else?' }],
      ['human', 'handoff', { message: 'A person will help you.' }],
    ],
    [['s', null, 'ai'], ['ai', 'out', 'next'], ...(failureConnected ? [['ai', 'failure', 'human'] as [string, string, string]] : [])],
  );
}

const asked = { type: 'start' as const, message: { id: 'm1', text: 'how much is a check-up?' } };

describe('ai_reply', () => {
  it('asks the model with rendered instructions, the knowledge, the message and how much history to read', () => {
    const r = createHarness(replyFlow({ history_turns: 4, timeout_ms: 5000, fallback: 'Ask {{contact.clinic}}' }), { contact: { clinic: 'Sunrise' } }).step(asked);
    expect(r.effects).toEqual([
      {
        type: 'ai_request',
        nodeId: 'ai',
        token: 'id-1',
        request: { op: 'reply', instructions: 'You answer for Sunrise.', knowledge, message: 'how much is a check-up?', fallback: 'Ask Sunrise', historyTurns: 4, timeoutMs: 5000 },
      },
    ]);
    expect(r.state.wait).toMatchObject({ for: 'effect', token: 'id-1' });
  });

  it('sends the answer, saves it, journals the tokens and leaves by "out"', () => {
    const h = createHarness(replyFlow({ save_as: 'answer' }));
    h.step(asked);
    const usage = { op: 'reply', provider: 'openai', model: 'm', promptTokens: 200, completionTokens: 12 };
    const r = h.step(effectResult('id-1', { ok: true, data: { text: 'A check-up costs $60.', source: 'model', usage } }));
    expect(sentTexts(r)).toEqual(['A check-up costs $60.', 'anything else?']);
    expect(r.state.vars.answer).toEqual({ text: 'A check-up costs $60.', source: 'model' });
    expect(r.trace).toContainEqual({ type: 'ai_usage', nodeId: 'ai', ...usage });
  });

  it('when nothing in the knowledge fits, the "failure" way takes over and nothing is sent by this step', () => {
    const h = createHarness(replyFlow({ save_as: 'answer' }));
    h.step(asked);
    const r = h.step(effectResult('id-1', { ok: true, data: { text: 'Let me check.', source: 'fallback' } }));
    expect(sentTexts(r)).toEqual(['A person will help you.']);
    expect(r.state.vars.answer).toEqual({ text: null, source: 'fallback', reason: 'no_answer' });
  });

  it('with "failure" not connected, sends the fallback and goes on', () => {
    const h = createHarness(replyFlow({ fallback: 'Please call us.' }, false));
    h.step(asked);
    expect(sentTexts(h.step(effectResult('id-1', { ok: true, data: { text: 'x', source: 'fallback' } })))).toEqual(['Please call us.', 'anything else?']);
  });

  it.each([
    [{ ok: false, error: 'the provider answered 500' }, 'the provider answered 500'],
    [{ ok: false, error: 'the model refused: I cannot help with that' }, 'the model refused: I cannot help with that'],
    [{ ok: true, data: { text: 5 } }, 'the model answered in an unexpected form'],
  ])('a failed call (%j) goes the failure way with a problem for staff', (result, reason) => {
    const h = createHarness(replyFlow({ save_as: 'answer' }));
    h.step(asked);
    const r = h.step(effectResult('id-1', result));
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'ai', message: `AI reply failed: ${reason}`, problem: { kind: 'ai_failed', detail: reason } });
    expect(r.state.vars.answer).toEqual({ text: null, source: 'fallback', reason: 'error', error: reason });
    expect(sentTexts(r)).toEqual(['A person will help you.']);
  });

  it('a failed call with "failure" not connected sends the default fallback', () => {
    const h = createHarness(replyFlow({}, false));
    h.step(asked);
    expect(sentTexts(h.step(effectResult('id-1', { ok: false, error: 'timed out' })))).toEqual(["I'm not sure — let me get someone to help.", 'anything else?']);
  });

  it('with no message to answer, makes no call', () => {
    const r = createHarness(replyFlow()).step(start());
    expect(r.effects.some((e) => e.type === 'ai_request')).toBe(false);
    expect(sentTexts(r)).toEqual(['A person will help you.']);
  });
});
