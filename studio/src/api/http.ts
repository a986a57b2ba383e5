// One way to call the Botloom API: JSON in and out, the session cookie, and errors that say what went wrong.
export interface ApiIssue {
  nodeId?: string;
  edgeId?: string;
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: { error?: string; errors?: ApiIssue[]; rev?: number; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

let onUnauthorized: (() => void) | undefined;

/** The app signs the person out (and shows the sign-in screen) when a call answers 401. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** `opts.contentType`: the body is a string sent as it is with that type (a CSV file), not JSON. */
export async function api<T>(method: string, path: string, body?: unknown, opts: { contentType?: string } = {}): Promise<T> {
  let res: Response;
  const contentType = opts.contentType ?? 'application/json';
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': contentType },
      body: body === undefined ? undefined : opts.contentType ? String(body) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the Botloom server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: text };
  }
  if (!res.ok) {
    const errorBody = (parsed ?? {}) as ApiError['body'];
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized?.();
    throw new ApiError(res.status, errorBody.error ?? `The server answered ${res.status}`, errorBody);
  }
  return parsed as T;
}

/** A message for people: the server's own words, plus the first few details. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const details = (err.body.errors ?? []).slice(0, 3).map((e) => e.message);
    return details.length > 0 ? `${err.message}: ${details.join('; ')}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
