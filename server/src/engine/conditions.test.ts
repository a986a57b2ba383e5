import { describe, expect, it } from 'vitest';
import type { Operator } from '@botloom/shared';
import { compare } from './conditions';

const check = (left: unknown, operator: Operator, right: unknown, caseSensitive = false) =>
  compare({ left, operator, right, caseSensitive });

describe('compare: equality', () => {
  it('compares numbers as numbers when both sides are numeric', () => {
    expect(check('10', '==', '10.0')).toBe(true);
    expect(check(10, '==', '10')).toBe(true);
    expect(check(' 7 ', '==', 7)).toBe(true);
    expect(check('1,5', '==', 1.5)).toBe(true);
    expect(check('10', '!=', '10.0')).toBe(false);
    expect(check('10', '!=', '11')).toBe(true);
  });

  it('compares text as trimmed text, ignoring case unless asked', () => {
    expect(check(' Yes ', '==', 'yes')).toBe(true);
    expect(check('Yes', '==', 'yes', true)).toBe(false);
    expect(check('Yes', '!=', 'yes')).toBe(false);
    expect(check('Yes', '!=', 'yes', true)).toBe(true);
    expect(check('10', '==', '10 apples')).toBe(false);
  });

  it('treats a missing value as empty text and booleans as their text', () => {
    expect(check(undefined, '==', '')).toBe(true);
    expect(check(null, '==', 'null')).toBe(false);
    expect(check(true, '==', 'true')).toBe(true);
    expect(check(false, '==', 'TRUE')).toBe(false);
  });
});

describe('compare: ordering', () => {
  it('orders numbers numerically, not as text', () => {
    expect(check('10', '>', '9')).toBe(true);
    expect(check('10', '<', '9')).toBe(false);
    expect(check('9', '>=', 9)).toBe(true);
    expect(check('9', '<=', '8.99')).toBe(false);
    expect(check(-1, '<', '0')).toBe(true);
  });

  it('orders text lexically when either side is not a number', () => {
    expect(check('10', '>', '9a')).toBe(false); // '1' < '9'
    expect(check('banana', '>', 'apple')).toBe(true);
    expect(check('Banana', '>', 'apple')).toBe(true); // folded to lower case
    expect(check('Banana', '>', 'apple', true)).toBe(false); // 'B' < 'a' in code units
    expect(check('b', '>=', 'b')).toBe(true);
    expect(check('a', '<=', 'b')).toBe(true);
  });

  it('does not treat empty text as zero', () => {
    expect(check('', '<', '1')).toBe(true); // text compare: '' < '1'
    expect(check('', '==', 0)).toBe(false);
  });
});

describe('compare: text operators', () => {
  it('contains, starts_with, ends_with honour case sensitivity', () => {
    expect(check('I want a REFUND please', 'contains', 'refund')).toBe(true);
    expect(check('I want a REFUND please', 'contains', 'refund', true)).toBe(false);
    expect(check('Hello world', 'starts_with', 'hello')).toBe(true);
    expect(check('Hello world', 'starts_with', 'hello', true)).toBe(false);
    expect(check('Hello world', 'ends_with', 'WORLD')).toBe(true);
    expect(check('Hello world', 'ends_with', 'WORLD', true)).toBe(false);
    expect(check('Hello world', 'starts_with', 'world')).toBe(false);
    expect(check('Hello world', 'contains', 'planet')).toBe(false);
  });

  it('contains on a list looks for a whole element', () => {
    expect(check(['vip', 'New'], 'contains', 'new')).toBe(true);
    expect(check(['vip', 'New'], 'contains', 'ne')).toBe(false);
    expect(check(['vip', 'New'], 'contains', 'new', true)).toBe(false);
  });
});

describe('compare: in', () => {
  it('matches one of a comma separated list, trimming items', () => {
    expect(check('Porto', 'in', 'Lisbon, porto ,Faro')).toBe(true);
    expect(check('Porto', 'in', 'Lisbon, porto ,Faro', true)).toBe(false);
    expect(check('Braga', 'in', 'Lisbon, Porto, Faro')).toBe(false);
    expect(check('Port', 'in', 'Lisbon, Porto')).toBe(false);
    expect(check('', 'in', 'a,,b')).toBe(false);
    expect(check(3, 'in', '1,2,3')).toBe(true);
    expect(check('x', 'in', ['X', 'y'])).toBe(true);
  });
});

describe('compare: is_empty', () => {
  it('is true for missing, blank, and empty collections only', () => {
    expect(check(undefined, 'is_empty', undefined)).toBe(true);
    expect(check(null, 'is_empty', undefined)).toBe(true);
    expect(check('   ', 'is_empty', undefined)).toBe(true);
    expect(check([], 'is_empty', undefined)).toBe(true);
    expect(check({}, 'is_empty', undefined)).toBe(true);
    expect(check('x', 'is_empty', undefined)).toBe(false);
    expect(check(0, 'is_empty', undefined)).toBe(false);
    expect(check(false, 'is_empty', undefined)).toBe(false);
    expect(check([0], 'is_empty', undefined)).toBe(false);
    expect(check({ a: 1 }, 'is_empty', undefined)).toBe(false);
  });
});

describe('compare: regex', () => {
  it('finds a match anywhere, case-insensitive unless asked', () => {
    expect(check('order #12345', 'regex', '#\\d{5}\\b')).toBe(true);
    expect(check('ORDER 1', 'regex', '^order \\d$')).toBe(true);
    expect(check('ORDER 1', 'regex', '^order \\d$', true)).toBe(false);
    expect(check('order', 'regex', '^\\d+$')).toBe(false);
  });

  it('does not trim or fold the input itself', () => {
    expect(check(' yes', 'regex', '^yes$')).toBe(false);
  });

  it('an invalid pattern never matches and never throws', () => {
    expect(check('abc', 'regex', '([a-z')).toBe(false);
    expect(check('aa', 'regex', '(a)\\1')).toBe(false); // backreferences are not supported by RE2
    expect(check('abc', 'regex', '(?<=a)b')).toBe(false); // nor lookbehind
  });

  it('a catastrophic pattern returns quickly (linear-time matching)', () => {
    const input = 'a'.repeat(5_000) + 'b';
    const started = performance.now();
    expect(check(input, 'regex', '(a+)+$')).toBe(false);
    expect(check('a'.repeat(40) + '!', 'regex', '^(a|a?)+$')).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('only looks at the first 10,000 characters of the input', () => {
    expect(check('a'.repeat(10_000) + 'NEEDLE', 'regex', 'NEEDLE')).toBe(false);
    expect(check('a'.repeat(9_000) + 'NEEDLE', 'regex', 'NEEDLE')).toBe(true);
  });
});
