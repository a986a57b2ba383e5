// Comparisons for the condition node. Regular expressions run on RE2 (linear time), so a
// pattern a builder types can never hang the server.
import { RE2JS } from 're2js';
import type { Operator } from '@botloom/shared';
import { stringify } from './interpolate';

export interface Comparison {
  left: unknown;
  operator: Operator;
  right: unknown;
  caseSensitive: boolean;
}

const MAX_REGEX_INPUT = 10_000;

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(stringify);
  return stringify(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function compare({ left, operator, right, caseSensitive }: Comparison): boolean {
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const l = fold(stringify(left).trim());
  const r = fold(stringify(right).trim());
  const ln = asNumber(left);
  const rn = asNumber(right);
  switch (operator) {
    case '==':
      return ln !== null && rn !== null ? ln === rn : l === r;
    case '!=':
      return ln !== null && rn !== null ? ln !== rn : l !== r;
    case '>':
      return ln !== null && rn !== null ? ln > rn : l > r;
    case '>=':
      return ln !== null && rn !== null ? ln >= rn : l >= r;
    case '<':
      return ln !== null && rn !== null ? ln < rn : l < r;
    case '<=':
      return ln !== null && rn !== null ? ln <= rn : l <= r;
    case 'contains':
      return Array.isArray(left) ? listOf(left).map(fold).includes(r) : l.includes(r);
    case 'starts_with':
      return l.startsWith(r);
    case 'ends_with':
      return l.endsWith(r);
    case 'is_empty':
      return isEmpty(left);
    case 'in':
      return listOf(right).map(fold).includes(l);
    case 'regex':
      return matchesRegex(stringify(left), stringify(right), caseSensitive);
  }
}

function matchesRegex(input: string, pattern: string, caseSensitive: boolean): boolean {
  try {
    const re = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    return re.matcher(input.slice(0, MAX_REGEX_INPUT)).find();
  } catch {
    return false; // an invalid pattern never matches; the studio flags it while editing
  }
}
