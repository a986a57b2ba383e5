// {{path}} templates. Only variable lookups: no expressions, no code, ever.
// A missing value renders as empty text, or as the fallback after a bar: {{contact.first_name | there}}.
// Objects render as JSON.
import { getVariable, type Scope } from './variables';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(?:\|([^{}]*))?\}\}/g;
const SOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/;

export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `encode` escapes each filled-in value (not the template around it), e.g. for URLs. */
export function renderTemplate(template: string, scope: Scope, encode: (value: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_match, path: string, fallback: string | undefined) => {
    const text = stringify(getVariable(scope, path));
    return encode(text === '' && fallback !== undefined ? fallback.trim() : text);
  });
}

/** A URL template: values are percent-encoded, so an answer like "a/b?c" cannot change the URL's shape. */
export function renderUrl(template: string, scope: Scope): string {
  return renderTemplate(template, scope, encodeURIComponent);
}

/** Like renderTemplate, but "{{state.total}}" alone keeps the value's own type (number, object). */
export function renderValue(template: string, scope: Scope): unknown {
  const sole = SOLE_PLACEHOLDER.exec(template);
  if (sole?.[1]) return getVariable(scope, sole[1]) ?? '';
  return renderTemplate(template, scope);
}

/** Renders every string inside a JSON value (webhook bodies and headers). */
export function renderDeep(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return renderValue(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, scope)]));
  }
  return value;
}
