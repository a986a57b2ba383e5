import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../engine/types';
import { buildFlow, createHarness, start } from '../../../../tests/support/engine-harness';

function setAndRun(name: string, value: string, vars: Record<string, unknown> = {}, contact: Record<string, unknown> = {}) {
  const flow = buildFlow(
    [
      ['s', 'start'],
      ['set', 'set_variable', { name, value }],
    ],
    [['s', 'out', 'set']],
  );
  const state: ConversationState = { status: 'active', nodeId: null, vars, wait: null, lastMessage: { text: 'last words' } };
  const h = createHarness(flow, { state, contact });
  return { r: h.step(start()), h };
}

describe('set_variable', () => {
  it('writes a state variable, with or without the state. prefix', () => {
    expect(setAndRun('plan', 'gold').r.state.vars).toEqual({ plan: 'gold' });
    expect(setAndRun('state.plan', 'gold').r.state.vars).toEqual({ plan: 'gold' });
  });

  it('renders templates mixed with text as text', () => {
    const { r } = setAndRun(
      'summary',
      '{{contact.first_name}} wants {{state.qty}} x {{state.item}}',
      { qty: 2, item: 'tea' },
      { first_name: 'Ana' },
    );
    expect(r.state.vars.summary).toBe('Ana wants 2 x tea');
  });

  it('keeps the value type when the value is a sole placeholder', () => {
    const vars = { total: 42, paid: true, order: { id: 'A-7', items: [1, 2] } };
    expect(setAndRun('copy', '{{state.total}}', vars).r.state.vars.copy).toBe(42);
    expect(setAndRun('copy', '{{ state.paid }}', vars).r.state.vars.copy).toBe(true);
    expect(setAndRun('copy', '{{state.order}}', vars).r.state.vars.copy).toEqual({ id: 'A-7', items: [1, 2] });
    expect(setAndRun('copy', 'n: {{state.total}}', vars).r.state.vars.copy).toBe('n: 42');
  });

  it('a missing sole placeholder sets empty text', () => {
    expect(setAndRun('copy', '{{state.missing}}').r.state.vars.copy).toBe('');
  });

  it('can copy the last message', () => {
    expect(setAndRun('said', '{{message.text}}').r.state.vars.said).toBe('last words');
  });

  it('writes nested paths without losing siblings', () => {
    const { r } = setAndRun('state.order.status', 'paid', { order: { id: 'A-7' }, other: 1 });
    expect(r.state.vars).toEqual({ order: { id: 'A-7', status: 'paid' }, other: 1 });
  });

  it('writes a contact field through one update_contact effect', () => {
    const { r, h } = setAndRun('contact.city', 'Porto', {}, { city: 'Faro', phone: '+351' });
    expect(r.effects).toEqual([{ type: 'update_contact', attributes: { city: 'Porto' } }]);
    expect(r.state.vars).toEqual({});
    expect(h.contact).toEqual({ city: 'Porto', phone: '+351' });
  });

  it('leaves through "out"', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['set', 'set_variable', { name: 'x', value: '1' }],
        ['next', 'end'],
      ],
      [
        ['s', 'out', 'set'],
        ['set', 'out', 'next'],
      ],
    );
    const r = createHarness(flow).step(start());
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'set', handle: 'out', to: 'next' });
  });
});
