import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../engine/types';
import { buildFlow, createHarness, start } from '../../../../tests/support/engine-harness';

const stateWith = (vars: Record<string, unknown>): ConversationState => ({
  status: 'active',
  nodeId: null,
  vars,
  wait: null,
  lastMessage: null,
});

/** Runs start -> condition -> (true: "T" | false: "F") and returns the exit taken. */
function decide(condition: Record<string, unknown>, vars: Record<string, unknown> = {}, contact: Record<string, unknown> = {}): string {
  const flow = buildFlow(
    [
      ['s', 'start'],
      ['c', 'condition', condition],
      ['t', 'send_message', { text: 'T' }],
      ['f', 'send_message', { text: 'F' }],
    ],
    [
      ['s', 'out', 'c'],
      ['c', 'true', 't'],
      ['c', 'false', 'f'],
    ],
  );
  const r = createHarness(flow, { state: stateWith(vars), contact }).step(start());
  const edge = r.trace.find((t) => t.type === 'edge_followed' && t.from === 'c');
  if (edge?.type !== 'edge_followed') throw new Error('the condition took no exit');
  return edge.handle;
}

describe('condition: a single comparison', () => {
  it('goes "true" or "false" by the comparison', () => {
    expect(decide({ variable: 'state.answer', operator: '==', value: 'yes' }, { answer: 'YES' })).toBe('true');
    expect(decide({ variable: 'state.answer', operator: '==', value: 'yes' }, { answer: 'no' })).toBe('false');
    expect(decide({ variable: 'answer', operator: '!=', value: 'yes' }, { answer: 'no' })).toBe('true');
  });

  it('reads contact fields', () => {
    expect(decide({ variable: 'contact.city', operator: 'in', value: 'Lisbon, Porto' }, {}, { city: 'porto' })).toBe('true');
    expect(decide({ variable: 'contact.city', operator: 'in', value: 'Lisbon, Porto' }, {}, { city: 'Faro' })).toBe('false');
  });

  it('honours case_sensitive', () => {
    expect(decide({ variable: 'answer', operator: '==', value: 'yes', case_sensitive: true }, { answer: 'YES' })).toBe('false');
    expect(decide({ variable: 'answer', operator: 'contains', value: 'Refund', case_sensitive: true }, { answer: 'a Refund' })).toBe(
      'true',
    );
  });

  it('compares numbers numerically, with number or text values', () => {
    expect(decide({ variable: 'age', operator: '>=', value: 18 }, { age: '18' })).toBe('true');
    expect(decide({ variable: 'age', operator: '>', value: '9' }, { age: 10 })).toBe('true');
    expect(decide({ variable: 'age', operator: '<', value: 9 }, { age: '10' })).toBe('false');
  });

  it('compares booleans', () => {
    expect(decide({ variable: 'paid', operator: '==', value: true }, { paid: true })).toBe('true');
    expect(decide({ variable: 'paid', operator: '==', value: true }, { paid: false })).toBe('false');
  });

  it('renders templates in the value, not in the variable', () => {
    expect(decide({ variable: 'answer', operator: '==', value: '{{contact.code}}' }, { answer: 'A7' }, { code: 'a7' })).toBe('true');
    expect(decide({ variable: 'total', operator: '>', value: '{{state.limit}}' }, { total: 100, limit: 20 })).toBe('true');
  });

  it('is_empty and regex work on missing values', () => {
    expect(decide({ variable: 'state.nothing', operator: 'is_empty' })).toBe('true');
    expect(decide({ variable: 'state.email', operator: 'is_empty' }, { email: 'a@b.co' })).toBe('false');
    expect(decide({ variable: 'code', operator: 'regex', value: '^[A-Z]\\d+$' }, { code: 'x12' })).toBe('true');
    expect(decide({ variable: 'code', operator: 'regex', value: '^[A-Z]\\d+$', case_sensitive: true }, { code: 'x12' })).toBe('false');
    expect(decide({ variable: 'code', operator: 'regex', value: '([' }, { code: '([' })).toBe('false');
  });

  it('never reaches prototypes through the variable path', () => {
    expect(decide({ variable: 'state.constructor', operator: 'is_empty' })).toBe('true');
    expect(decide({ variable: '__proto__', operator: '==', value: '{}' })).toBe('false');
  });
});

describe('condition: several rules', () => {
  const rules = [
    { variable: 'plan', operator: '==', value: 'gold' },
    { variable: 'age', operator: '>=', value: 18 },
  ];

  it('match "all" (the default) needs every rule', () => {
    expect(decide({ rules }, { plan: 'gold', age: 30 })).toBe('true');
    expect(decide({ rules }, { plan: 'gold', age: 12 })).toBe('false');
    expect(decide({ rules, match: 'all' }, { plan: 'silver', age: 30 })).toBe('false');
  });

  it('match "any" needs one rule', () => {
    expect(decide({ rules, match: 'any' }, { plan: 'silver', age: 30 })).toBe('true');
    expect(decide({ rules, match: 'any' }, { plan: 'silver', age: 12 })).toBe('false');
  });

  it('rules win over the single comparison; an empty rule list falls back to it', () => {
    const single = { variable: 'plan', operator: '==', value: 'silver' };
    expect(decide({ ...single, rules }, { plan: 'gold', age: 30 })).toBe('true');
    expect(decide({ ...single, rules: [] }, { plan: 'silver' })).toBe('true');
  });

  it('case_sensitive applies to every rule', () => {
    expect(decide({ rules, case_sensitive: true }, { plan: 'Gold', age: 30 })).toBe('false');
    expect(decide({ rules }, { plan: 'Gold', age: 30 })).toBe('true');
  });
});
