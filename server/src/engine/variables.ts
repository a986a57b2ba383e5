// Reading and writing variables by path (state.x.y, contact.first_name, message.text).
// Only own, plain properties are followed, so a path can never reach a prototype.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export interface Scope {
  state: Record<string, unknown>;
  contact: Record<string, unknown>;
  message: Record<string, unknown>;
}

export function readPath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (FORBIDDEN.has(segment) || current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** "answer" and "state.answer" both name the conversation's own variable. */
export function normalizeVariable(path: string): { scope: 'state' | 'contact' | 'message'; segments: string[] } {
  const parts = path.trim().split('.').filter(Boolean);
  const head = parts[0];
  if (head === 'state' || head === 'contact' || head === 'message') return { scope: head, segments: parts.slice(1) };
  return { scope: 'state', segments: parts };
}

export function getVariable(scope: Scope, path: string): unknown {
  const { scope: name, segments } = normalizeVariable(path);
  return readPath(scope[name], segments);
}

/** Returns a copy of `root` with the value set at the path, creating plain objects on the way. */
export function writePath(root: Record<string, unknown>, segments: readonly string[], value: unknown): Record<string, unknown> {
  if (segments.length === 0 || segments.some((s) => FORBIDDEN.has(s))) return root;
  const [head, ...rest] = segments as [string, ...string[]];
  const child = root[head];
  const next = rest.length === 0 ? value : writePath(child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value);
  return { ...root, [head]: next };
}
