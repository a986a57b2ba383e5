/** Parsing and matching of the operator-configured allow list (e.g. WEBHOOK_ALLOW_HOSTS). */

/** 'localhost:4000, api.local' -> ['localhost:4000', 'api.local'] (lowercased, trimmed, empties removed). */
export function parseAllowHosts(env: string | undefined): string[] {
  if (!env) return [];
  return env
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

interface AllowEntry {
  /** Hostname in URL.hostname form (lowercase, IPv6 in brackets). */
  host: string;
  /** Port as a string, or undefined for "any port". */
  port: string | undefined;
}

/** Canonicalises a host the same way WHATWG URL does (e.g. '127.1' -> '127.0.0.1', IPv6 compressed). */
function canonicalHost(host: string): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

function parseEntry(raw: string): AllowEntry | undefined {
  const entry = raw.trim().toLowerCase();
  if (!entry) return undefined;
  let host = entry;
  let port: string | undefined;
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if ((entry.match(/:/g) ?? []).length > 1) {
    host = `[${entry}]`; // bare IPv6 literal such as '::1' -> any port
  } else {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    if (withPort) {
      host = withPort[1]!;
      port = withPort[2];
    }
  }
  if (port !== undefined) port = String(Number(port));
  return { host: canonicalHost(host), port };
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === "https:" ? "443" : "80";
}

export interface AllowMatcher {
  isAllowed(url: URL): boolean;
}

export function createAllowMatcher(
  allowHosts: readonly string[] | undefined,
): AllowMatcher {
  const entries = (allowHosts ?? [])
    .map(parseEntry)
    .filter((e): e is AllowEntry => e !== undefined);
  return {
    isAllowed(url: URL): boolean {
      const host = url.hostname.toLowerCase();
      const port = effectivePort(url);
      return entries.some(
        (e) => e.host === host && (e.port === undefined || e.port === port),
      );
    },
  };
}
