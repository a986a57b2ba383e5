/**
 * SSRF-safe HTTP client for the `webhook_action` node.
 *
 * - Only http/https. Destinations not on the allow list go through
 *   request-filtering-agent, which validates the address the socket actually
 *   connects to (after DNS resolution, so DNS rebinding is covered). IP-literal
 *   URLs in private/reserved ranges are also refused up front.
 * - Redirects are followed manually and every hop is re-checked.
 * - Whole-request timeout, response-size cap (also for chunked bodies).
 * - Never logs anything; error messages never include header values and do not
 *   carry the axios error (whose config holds the headers) as `cause`.
 */
import http from "node:http";
import https from "node:https";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import {
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
} from "request-filtering-agent";
import { createAllowMatcher } from "./allow-list.js";
import { blockedIpReason } from "./ip-ranges.js";
import { decodeBody, flattenHeaders } from "./body.js";
import { firstHop, nextHop, type Hop, type HttpRequest } from "./hops.js";
import { HttpBlockedError, HttpRequestError, mapError } from "./errors.js";

export { parseAllowHosts } from "./allow-list.js";
export { HttpBlockedError, HttpRequestError } from "./errors.js";

export type { HttpMethod, HttpRequest } from "./hops.js";

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the content type is JSON (or the body is a JSON object/array), else text. */
  body: unknown;
}

export interface SafeHttpOptions {
  allowHosts?: string[];
  /** Default 1 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Default 10000. */
  defaultTimeoutMs?: number;
}

export interface SafeHttp {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export function createSafeHttp(opts: SafeHttpOptions = {}): SafeHttp {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? 10_000;
  const allow = createAllowMatcher(opts.allowHosts);

  const filtered = {
    http: new RequestFilteringHttpAgent({ keepAlive: false }),
    https: new RequestFilteringHttpsAgent({ keepAlive: false }),
  };
  const direct = {
    http: new http.Agent({ keepAlive: false }),
    https: new https.Agent({ keepAlive: false }),
  };

  const client: AxiosInstance = axios.create({
    adapter: "http",
    proxy: false, // env HTTP(S)_PROXY would otherwise bypass the address check
    maxRedirects: 0,
    maxContentLength: maxBytes,
    maxBodyLength: -1,
    responseType: "arraybuffer",
    transformRequest: [(d: unknown) => d],
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    decompress: true,
  });

  async function send(
    hop: Hop,
    signal: AbortSignal,
  ): Promise<AxiosResponse<Buffer>> {
    const agents = allow.isAllowed(hop.url) ? direct : filtered;
    if (agents === filtered) {
      const reason = blockedIpReason(hop.url.hostname);
      if (reason)
        throw new HttpBlockedError(
          `destination ${hop.url.host} is not allowed: ${hop.url.hostname} is a ${reason}`,
        );
    }
    try {
      return await client.request<Buffer>({
        url: hop.url.href,
        method: hop.method,
        headers: hop.headers,
        data: hop.data,
        httpAgent: agents.http,
        httpsAgent: agents.https,
        signal,
      });
    } catch (err) {
      throw mapError(err, hop.url, maxBytes);
    }
  }

  async function run(
    req: HttpRequest,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    let hop = firstHop(req);
    for (let redirects = 0; ; redirects++) {
      const res = await send(hop, signal);
      const next = nextHop(hop, res.status, res.headers["location"]);
      if (!next) {
        return {
          status: res.status,
          headers: flattenHeaders(res.headers),
          body: decodeBody(
            Buffer.from(res.data ?? []),
            res.headers["content-type"] as string | undefined,
          ),
        };
      }
      if (redirects >= maxRedirects) {
        throw new HttpRequestError(
          `too many redirects (more than ${maxRedirects})`,
          "TOO_MANY_REDIRECTS",
        );
      }
      hop = next;
    }
  }

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
        throw new HttpRequestError(
          `invalid timeout ${String(timeoutMs)} ms`,
          "INVALID_TIMEOUT",
        );
      }
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(
            new HttpRequestError(
              `request timed out after ${timeoutMs} ms`,
              "TIMEOUT",
            ),
          );
        }, timeoutMs);
      });
      try {
        return await Promise.race([run(req, controller.signal), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
