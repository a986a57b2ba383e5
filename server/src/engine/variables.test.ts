import { describe, expect, it } from 'vitest';
import { getVariable, normalizeVariable, readPath, writePath, type Scope } from './variables';

describe('normalizeVariable', () => {
  it('splits scope and path, a bare name meaning state', () => {
    expect(normalizeVariable('state.answer')).toEqual({ scope: 'state', segments: ['answer'] });
    expect(normalizeVariable('answer')).toEqual({ scope: 'state', segments: ['answer'] });
    expect(normalizeVariable(' contact.address.city ')).toEqual({ scope: 'contact', segments: ['address', 'city'] });
    expect(normalizeVariable('message.text')).toEqual({ scope: 'message', segments: ['text'] });
    expect(normalizeVariable('order.total')).toEqual({ scope: 'state', segments: ['order', 'total'] });
  });
});

describe('readPath', () => {
  const root = { a: { b: [10, { c: 'deep' }] }, n: null };

  it('follows own properties, including array indexes', () => {
    expect(readPath(root, ['a', 'b', '1', 'c'])).toBe('deep');
    expect(readPath(root, ['a', 'b', '0'])).toBe(10);
    expect(readPath(root, [])).toBe(root);
  });

  it('returns undefined for missing paths and through non-objects', () => {
    expect(readPath(root, ['a', 'x'])).toBeUndefined();
    expect(readPath(root, ['n', 'x'])).toBeUndefined();
    expect(readPath(root, ['a', 'b', '0', 'x'])).toBeUndefined();
    expect(readPath('text', ['length'])).toBeUndefined();
  });

  it('never follows prototypes or inherited properties', () => {
    expect(readPath(root, ['__proto__'])).toBeUndefined();
    expect(readPath(root, ['constructor'])).toBeUndefined();
    expect(readPath(root, ['a', 'constructor', 'prototype'])).toBeUndefined();
    expect(readPath(root, ['toString'])).toBeUndefined();
    expect(readPath(root, ['hasOwnProperty'])).toBeUndefined();
  });

  it('refuses forbidden names even as own properties (JSON.parse makes "__proto__" an own key)', () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"secret": 1}, "constructor": {"name": "x"}, "prototype": 2}');
    expect(readPath(parsed, ['__proto__', 'secret'])).toBeUndefined();
    expect(readPath(parsed, ['constructor', 'name'])).toBeUndefined();
    expect(readPath(parsed, ['prototype'])).toBeUndefined();
  });
});

describe('getVariable', () => {
  const scope: Scope = { state: { answer: 'yes', order: { total: 9 } }, contact: { first_name: 'Ana' }, message: { text: 'hi' } };

  it('reads from the named scope', () => {
    expect(getVariable(scope, 'answer')).toBe('yes');
    expect(getVariable(scope, 'state.order.total')).toBe(9);
    expect(getVariable(scope, 'contact.first_name')).toBe('Ana');
    expect(getVariable(scope, 'message.text')).toBe('hi');
    expect(getVariable(scope, 'contact.answer')).toBeUndefined();
  });
});

describe('writePath', () => {
  it('returns a copy with the value set, leaving the original untouched', () => {
    const root = { keep: 1, order: { total: 1, items: [1] } };
    const out = writePath(root, ['order', 'total'], 5);
    expect(out).toEqual({ keep: 1, order: { total: 5, items: [1] } });
    expect(root).toEqual({ keep: 1, order: { total: 1, items: [1] } });
    expect(out.order).not.toBe(root.order);
  });

  it('creates plain objects on the way, replacing scalars and arrays', () => {
    expect(writePath({}, ['a', 'b', 'c'], true)).toEqual({ a: { b: { c: true } } });
    expect(writePath({ a: 'text' }, ['a', 'b'], 1)).toEqual({ a: { b: 1 } });
    expect(writePath({ a: [1, 2] }, ['a', 'b'], 1)).toEqual({ a: { b: 1 } });
  });

  it('refuses prototype paths and empty paths', () => {
    const root = { a: 1 };
    expect(writePath(root, ['__proto__', 'polluted'], true)).toBe(root);
    expect(writePath(root, ['a', 'constructor'], 1)).toBe(root);
    expect(writePath(root, ['prototype'], 1)).toBe(root);
    expect(writePath(root, [], 1)).toBe(root);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
