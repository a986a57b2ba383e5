/** Error types of the safe HTTP client. Messages never contain header values. */

/** The destination is not allowed (private/reserved address, not on the allow list). */
export class HttpBlockedError extends Error {
  override readonly name = "HttpBlockedError";
}

/** Network error, timeout, response too large, too many redirects, invalid URL... */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** Machine-readable reason, e.g. 'TIMEOUT', 'TOO_LARGE', 'ECONNREFUSED'. */
  readonly code: string;
  constructor(message: string, code = "REQUEST_FAILED") {
    super(message);
    this.code = code;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0)
    return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

const BLOCKED_BY_AGENT =
  /^DNS lookup (\S+?)\(family:[^,]*, host:([^)]*)\) is not allowed\. Because,? (.*)$/;

/**
 * Maps an axios/Node error to HttpBlockedError/HttpRequestError. The original error
 * is deliberately not kept as `cause`: AxiosError carries the request config
 * (including header values) and loggers serialise causes.
 */
export function mapError(err: unknown, url: URL, maxBytes: number): Error {
  if (err instanceof HttpBlockedError || err instanceof HttpRequestError)
    return err;
  const e = err as {
    message?: string;
    code?: string;
    cause?: { message?: string; code?: string };
  };
  const message = String(e?.message ?? err);
  const code = e?.code ?? e?.cause?.code ?? "REQUEST_FAILED";
  const blocked =
    BLOCKED_BY_AGENT.exec(message) ??
    BLOCKED_BY_AGENT.exec(String(e?.cause?.message ?? ""));
  if (blocked) {
    const why = blocked[3]!.replace(/^It is /i, "").replace(/\.$/, "");
    return new HttpBlockedError(
      `destination ${url.host} is not allowed: it resolves to ${blocked[1]} (${why})`,
    );
  }
  if (/maxContentLength size of .* exceeded/.test(message)) {
    return new HttpRequestError(
      `response larger than ${formatBytes(maxBytes)}`,
      "TOO_LARGE",
    );
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new HttpRequestError(`could not resolve host ${url.hostname}`, code);
  }
  if (/^ERR_(HTTP_INVALID_HEADER|INVALID_CHAR)/.test(code)) {
    return new HttpRequestError("invalid request header", code);
  }
  return new HttpRequestError(
    `network error contacting ${url.host}: ${message}`,
    code,
  );
}
