/** Request-body encoding and response-body decoding for the safe HTTP client. */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE_CHARS = /[\r\n\0]/;

/**
 * Validates caller headers. Error messages name the header but never include its
 * value (values may be secrets such as API keys).
 */
export function validateHeaders(
  headers: Record<string, string> | undefined,
): string | undefined {
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) return `invalid header name "${name.slice(0, 64)}"`;
    if (typeof value !== "string") return `header "${name}" must be a string`;
    if (BAD_VALUE_CHARS.test(value))
      return `header "${name}" contains a line break or NUL character`;
  }
  return undefined;
}

export function findHeader(
  headers: Record<string, string>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

export function removeHeaders(
  headers: Record<string, string>,
  names: readonly string[],
): void {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const k of Object.keys(headers))
    if (lower.has(k.toLowerCase())) delete headers[k];
}

export interface EncodedBody {
  data: Buffer;
  defaultContentType: string;
}

/**
 * undefined/null -> no body; string -> as is (text/plain unless the caller set a type);
 * bytes -> as is; anything else -> JSON (application/json unless the caller set a type).
 * Throws a plain Error with a safe message when the value cannot be serialised.
 */
export function encodeBody(body: unknown): EncodedBody | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string")
    return {
      data: Buffer.from(body, "utf8"),
      defaultContentType: "text/plain; charset=utf-8",
    };
  if (body instanceof Uint8Array)
    return {
      data: Buffer.from(body),
      defaultContentType: "application/octet-stream",
    };
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    throw new Error(
      `request body could not be serialised to JSON (${(err as Error).message})`,
    );
  }
  if (json === undefined)
    throw new Error("request body could not be serialised to JSON");
  return {
    data: Buffer.from(json, "utf8"),
    defaultContentType: "application/json",
  };
}

function charsetOf(contentType: string): string {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return m?.[1] ?? "utf-8";
}

function isJsonType(contentType: string): boolean {
  const mime = contentType.split(";")[0]!.trim().toLowerCase();
  return (
    mime === "application/json" ||
    mime.endsWith("+json") ||
    mime === "text/json"
  );
}

/**
 * Parsed JSON when the content type says JSON (or, for untyped/text bodies, when the
 * body is a JSON object or array); otherwise the text. Empty body -> ''.
 */
export function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
): unknown {
  const ct = contentType ?? "";
  let text: string;
  try {
    text = new TextDecoder(charsetOf(ct)).decode(raw);
  } catch {
    text = raw.toString("utf8");
  }
  if (text.length === 0) return "";
  const trimmed = text.trim();
  const looksStructured = trimmed.startsWith("{") || trimmed.startsWith("[");
  if (isJsonType(ct) || looksStructured) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Flattens response headers to a lowercase name -> string map (multi-valued joined with ', '). */
export function flattenHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== "object") return out;
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (v === undefined || v === null || typeof v === "function") continue;
    out[k.toLowerCase()] = Array.isArray(v)
      ? v.map(String).join(", ")
      : String(v);
  }
  return out;
}
