/** Building the first request "hop" and the next one after a redirect. */
import {
  encodeBody,
  findHeader,
  removeHeaders,
  validateHeaders,
} from "./body.js";
import { HttpRequestError } from "./errors.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export interface Hop {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  data: Buffer | undefined;
}

const USER_AGENT = "Botloom-Webhook/1.0";
const METHODS: ReadonlySet<string> = new Set([
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
]);
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([
  301, 302, 303, 307, 308,
]);
/** Dropped when a redirect changes origin (like follow-redirects / fetch). */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
/** Dropped when a redirect turns the request into a body-less GET. */
const BODY_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
];

export function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    throw new HttpRequestError(
      base
        ? "invalid redirect location"
        : `invalid URL "${String(raw).slice(0, 200)}"`,
      "INVALID_URL",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpRequestError(
      `unsupported URL scheme "${url.protocol}" (only http: and https: are allowed)`,
      "INVALID_URL",
    );
  }
  return url;
}

/** Validates the caller's request and turns it into the first hop. */
export function firstHop(req: HttpRequest): Hop {
  if (!METHODS.has(req.method)) {
    throw new HttpRequestError(
      `unsupported method "${String(req.method)}"`,
      "INVALID_METHOD",
    );
  }
  const headerProblem = validateHeaders(req.headers);
  if (headerProblem)
    throw new HttpRequestError(headerProblem, "INVALID_HEADER");
  const url = parseUrl(req.url);
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (!findHeader(headers, "user-agent")) headers["User-Agent"] = USER_AGENT;
  let data: Buffer | undefined;
  if (req.method !== "GET") {
    let encoded;
    try {
      encoded = encodeBody(req.body);
    } catch (err) {
      throw new HttpRequestError((err as Error).message, "INVALID_BODY");
    }
    if (encoded) {
      data = encoded.data;
      if (!findHeader(headers, "content-type")) {
        headers["Content-Type"] = encoded.defaultContentType;
      }
    }
  }
  return { url, method: req.method, headers, data };
}

/**
 * The hop to follow after response `status`, or undefined when the response is
 * final (not a redirect, or a redirect without Location).
 * 303 (and 301/302 after POST) become GET without body; 307/308 keep both.
 */
export function nextHop(
  hop: Hop,
  status: number,
  location: unknown,
): Hop | undefined {
  if (!REDIRECT_STATUSES.has(status)) return undefined;
  if (typeof location !== "string" || location === "") return undefined;
  const url = parseUrl(location, hop.url);
  const headers = { ...hop.headers };
  let { method, data } = hop;
  if (
    status === 303 ||
    ((status === 301 || status === 302) && method === "POST")
  ) {
    method = "GET";
    data = undefined;
    removeHeaders(headers, BODY_HEADERS);
  }
  if (url.origin !== hop.url.origin) removeHeaders(headers, CREDENTIAL_HEADERS);
  return { url, method, headers, data };
}
