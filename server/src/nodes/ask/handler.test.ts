import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, message, sentTexts, start, timer } from '../../../../tests/support/engine-harness';

/** start -> ask -> (answered: "ok" | timeout: "gave up") */
function askFlow(ask: Record<string, unknown>) {
  return buildFlow(
    [
      ['s', 'start'],
      ['q', 'ask', { save_as: 'answer', ...ask }],
      ['ok', 'send_message', { text: 'ok: {{state.answer}}' }],
      ['gave_up', 'send_message', { text: 'gave up' }],
    ],
    [
      ['s', 'out', 'q'],
      ['q', 'answered', 'ok'],
      ['q', 'timeout', 'gave_up'],
    ],
  );
}

function answer(ask: Record<string, unknown>, reply: string, options: { contact?: Record<string, unknown>; now?: string } = {}) {
  const h = createHarness(askFlow({ question: 'Q?', ...ask }), options);
  h.step(start());
  const r = h.step(message(reply));
  return { r, h };
}

describe('ask: asking', () => {
  it('sends the rendered question and waits for a reply', () => {
    const h = createHarness(askFlow({ question: 'Hi {{contact.first_name}}, your email?', answer_type: 'email' }), {
      contact: { first_name: 'Ana' },
    });
    const r = h.step(start());
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'q', text: 'Hi Ana, your email?' }]);
    expect(r.state).toMatchObject({ status: 'waiting', nodeId: 'q', wait: { nodeId: 'q', for: 'reply', data: { attempts: 0 } } });
    expect(r.state.wait?.timeoutToken).toBeUndefined();
  });

  it('offers rendered choices as buttons for a choice question', () => {
    const flow = askFlow({ question: 'Pick', answer_type: 'choice', choices: ['Red', 'Size {{state.size}}'] });
    const h = createHarness(flow);
    expect(h.step(start()).effects).toEqual([{ type: 'send', nodeId: 'q', text: 'Pick', choices: ['Red', 'Size '] }]);
  });
});

describe('ask: answer types', () => {
  const cases: Array<[string, Record<string, unknown>, string, unknown]> = [
    ['text', {}, '  Ana Maria  ', 'Ana Maria'],
    ['number', { answer_type: 'number' }, ' 12,5 ', 12.5],
    ['number with spaces', { answer_type: 'number' }, '1 200', 1200],
    ['negative number', { answer_type: 'number' }, '-3', -3],
    ['email', { answer_type: 'email' }, ' Ana@Example.COM ', 'ana@example.com'],
    ['phone', { answer_type: 'phone' }, '+44 (7700) 900-123', '+447700900123'],
    ['date d/M/yyyy', { answer_type: 'date' }, '24/11/2026', '2026-11-24'],
    ['date iso', { answer_type: 'date' }, '2026-11-24', '2026-11-24'],
    ['date words', { answer_type: 'date' }, 'Nov 24, 2026', '2026-11-24'],
    ['date today', { answer_type: 'date' }, 'Today', '2026-03-02'],
    ['choice by number', { answer_type: 'choice', choices: ['Red', 'Green', 'Blue'] }, '2', 'Green'],
    ['choice by number with a dot', { answer_type: 'choice', choices: ['Red', 'Green', 'Blue'] }, '3.', 'Blue'],
    ['choice by text', { answer_type: 'choice', choices: ['Red', 'Green', 'Blue'] }, '  gREEN ', 'Green'],
  ];
  it.each(cases)('accepts a valid %s answer and saves it normalized', (_name, ask, reply, saved) => {
    const { r } = answer(ask, reply);
    expect(r.state.vars.answer).toEqual(saved);
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'q', handle: 'answered', to: 'ok' });
    expect(sentTexts(r)).toEqual([`ok: ${String(saved)}`]);
  });

  const invalid: Array<[string, Record<string, unknown>, string, string]> = [
    ['text', {}, '   ', 'Please type your answer.'],
    ['number', { answer_type: 'number' }, 'twelve', 'Please answer with a number.'],
    ['email', { answer_type: 'email' }, 'ana@example', 'Please send a valid email address, like name@example.com.'],
    ['phone', { answer_type: 'phone' }, '12345', 'Please send a valid phone number, like +44 7700 900123.'],
    ['date', { answer_type: 'date' }, '31/02/2026', 'Please send a date, like 24/11/2026.'],
    ['choice', { answer_type: 'choice', choices: ['Red', 'Green'] }, '3', 'Please reply with the number of one of the options.'],
  ];
  it.each(invalid)('refuses an invalid %s answer and asks again with a hint', (_name, ask, reply, hint) => {
    const { r } = answer(ask, reply);
    expect(r.state.vars).not.toHaveProperty('answer');
    expect(r.state).toMatchObject({ status: 'waiting', nodeId: 'q', wait: { data: { attempts: 1 } } });
    expect(sentTexts(r)).toEqual([`${hint} Q?`]);
  });

  it('understands "tomorrow" in the contact\'s time zone', () => {
    const late = '2026-03-02T23:30:00.000Z'; // already Tuesday the 3rd in Tokyo
    expect(answer({ answer_type: 'date' }, 'tomorrow', { now: late }).r.state.vars.answer).toBe('2026-03-03');
    expect(answer({ answer_type: 'date' }, 'tomorrow', { now: late, contact: { timezone: 'Asia/Tokyo' } }).r.state.vars.answer).toBe(
      '2026-03-04',
    );
  });

  it('checks a choice against the choices as the contact read them', () => {
    const flow = askFlow({ question: 'Pick', answer_type: 'choice', choices: ['Keep {{state.plan}}', 'Cancel'] });
    const h = createHarness(flow, { state: { status: 'active', nodeId: null, vars: { plan: 'Gold' }, wait: null, lastMessage: null } });
    h.step(start());
    expect(h.step(message('1')).state.vars.answer).toBe('Keep Gold');
  });

  it('saves to a contact field through one update_contact effect', () => {
    const { r, h } = answer({ answer_type: 'email', save_as: 'contact.email' }, 'ana@example.com');
    expect(r.effects).toContainEqual({ type: 'update_contact', attributes: { email: 'ana@example.com' } });
    expect(r.effects.filter((e) => e.type === 'update_contact')).toHaveLength(1);
    expect(h.contact.email).toBe('ana@example.com');
  });
});

describe('ask: retries and giving up', () => {
  it('sends the retry message (rendered) instead of the hint', () => {
    const { r } = answer({ answer_type: 'number', retry_message: 'Digits only, {{message.text}} is not a number' }, 'lots');
    expect(sentTexts(r)).toEqual(['Digits only, lots is not a number']);
  });

  it('repeats the choices when asking again', () => {
    const { r } = answer({ answer_type: 'choice', choices: ['Yes', 'No'], retry_message: 'Yes or no?' }, 'maybe');
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'q', text: 'Yes or no?', choices: ['Yes', 'No'] }]);
  });

  it('asks forever when max_attempts is 0 or absent', () => {
    const h = createHarness(askFlow({ question: 'Q?', answer_type: 'number' }));
    h.step(start());
    for (let i = 1; i <= 25; i++) expect(h.step(message('x')).state.wait?.data).toEqual({ attempts: i });
    expect(h.state.status).toBe('waiting');
  });

  it('leaves through the timeout exit after max_attempts invalid answers', () => {
    const h = createHarness(askFlow({ question: 'Q?', answer_type: 'number', max_attempts: 2, timeout: { duration: 1, unit: 'days' } }));
    h.step(start());
    const first = h.step(message('a'));
    expect(first.state).toMatchObject({ status: 'waiting', wait: { data: { attempts: 1 }, timeoutToken: 'id-1' } });
    expect(first.effects).toEqual([{ type: 'send', nodeId: 'q', text: 'Please answer with a number. Q?' }]); // the clock is not restarted
    const second = h.step(message('b'));
    expect(second.trace).toContainEqual({ type: 'note', nodeId: 'q', message: 'gave up after 2 invalid answers' });
    expect(second.trace).toContainEqual({ type: 'edge_followed', from: 'q', handle: 'timeout', to: 'gave_up' });
    expect(second.effects).toEqual([
      { type: 'cancel_timer', token: 'id-1' },
      { type: 'send', nodeId: 'gave_up', text: 'gave up' },
    ]);
    expect(second.state.vars).toEqual({});
  });

  it('a valid answer after invalid ones still counts', () => {
    const h = createHarness(askFlow({ question: 'Q?', answer_type: 'number', max_attempts: 3 }));
    h.step(start());
    h.step(message('a'));
    h.step(message('b'));
    const r = h.step(message('7'));
    expect(r.state.vars.answer).toBe(7);
    expect(sentTexts(r)).toEqual(['ok: 7']);
  });
});

describe('ask: timeout', () => {
  it('schedules the timeout timer at now + the timeout', () => {
    const h = createHarness(askFlow({ question: 'Q?', timeout: { duration: 30, unit: 'minutes' } }), { now: '2026-03-02T09:00:00.000Z' });
    const r = h.step(start());
    expect(r.effects).toEqual([
      { type: 'send', nodeId: 'q', text: 'Q?' },
      { type: 'schedule_timer', nodeId: 'q', token: 'id-1', at: '2026-03-02T09:30:00.000Z' },
    ]);
    expect(r.state.wait?.timeoutToken).toBe('id-1');
  });

  it('leaves through the timeout exit when the timer fires', () => {
    const h = createHarness(askFlow({ question: 'Q?', timeout: { duration: 30, unit: 'minutes' } }));
    h.step(start());
    h.advance(30 * 60_000);
    const r = h.step(timer('id-1'));
    expect(r.trace[0]).toEqual({ type: 'edge_followed', from: 'q', handle: 'timeout', to: 'gave_up' });
    expect(sentTexts(r)).toEqual(['gave up']);
  });

  it('ignores the timeout timer of a question already answered', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['q1', 'ask', { question: 'First?', save_as: 'a', timeout: { duration: 1, unit: 'hours' } }],
        ['q2', 'ask', { question: 'Second?', save_as: 'b', timeout: { duration: 1, unit: 'hours' } }],
      ],
      [
        ['s', 'out', 'q1'],
        ['q1', 'answered', 'q2'],
      ],
    );
    const h = createHarness(flow);
    h.step(start());
    h.advance(10 * 60_000);
    const answered = h.step(message('one'));
    expect(answered.effects).toEqual([
      { type: 'cancel_timer', token: 'id-1' },
      { type: 'send', nodeId: 'q2', text: 'Second?' },
      { type: 'schedule_timer', nodeId: 'q2', token: 'id-2', at: '2026-03-02T10:10:00.000Z' },
    ]);
    h.advance(50 * 60_000);
    const stale = h.step(timer('id-1'));
    expect(stale.trace).toEqual([{ type: 'ignored', reason: 'stale timer' }]);
    expect(stale.state).toMatchObject({ status: 'waiting', nodeId: 'q2' });
  });
});

describe('ask: WhatsApp 24-hour window', () => {
  const NOW = '2026-03-02T09:00:00.000Z';
  const lastWrote = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();
  const DAY = 24 * 3_600_000;
  const question = { question: 'Still coming, {{contact.first_name}}?', answer_type: 'choice', choices: ['Yes', 'No'] };
  const template = { name: 'visit_check', language: 'pt_BR', variables: ['{{contact.first_name}}'] };
  const ask = (extra: Record<string, unknown>, ms: number) =>
    createHarness(askFlow({ ...question, ...extra }), {
      now: NOW,
      channel: 'whatsapp',
      lastInboundAt: lastWrote(ms),
      contact: { first_name: 'Bo' },
    });

  it('inside the window asks in free form', () => {
    expect(ask({ template }, DAY - 60_000).step(start()).effects).toEqual([
      { type: 'send', nodeId: 'q', text: 'Still coming, Bo?', choices: ['Yes', 'No'] },
    ]);
  });

  it('outside it sends the template, then reads the reply as usual', () => {
    const h = ask({ template }, DAY + 60_000);
    expect(h.step(start()).effects).toEqual([
      {
        type: 'send',
        nodeId: 'q',
        text: 'Still coming, Bo?',
        choices: ['Yes', 'No'],
        template: { name: 'visit_check', language: 'pt_BR', variables: ['Bo'] },
      },
    ]);
    const r = h.step(message('2'));
    expect(r.state.vars.answer).toBe('No');
    expect(sentTexts(r)).toEqual(['ok: No']); // the reply reopened the window: free-form again
    expect(r.effects.every((e) => e.type !== 'send' || e.template === undefined)).toBe(true);
  });

  it('outside it without a template the conversation fails, saying why', () => {
    const r = ask({}, DAY + 60_000).step(start());
    expect(r.effects).toEqual([]);
    expect(r.state).toMatchObject({ status: 'failed', endReason: 'WhatsApp 24-hour window closed and no template set' });
  });
});
