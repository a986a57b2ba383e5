// Which web pages may use a bot's web chat. A bot that lists origins admits only those (and
// Botloom's own, where the studio and the hosted chat page live); a bot that lists none admits any
// site. A request with no Origin (a script, curl) is not a browser page and is admitted: the token
// and the rate limits guard it. The same list tells browsers who may frame the chat page.
export interface WebChatSettings {
  enabled?: boolean | null;
  allowedOrigins?: string[] | null;
  title?: string | null;
}

/** "https://Shop.example.com:443/" and "https://shop.example.com" are the same origin. */
export function normalizeOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function originAllowed(settings: WebChatSettings | null | undefined, origin: string | undefined, ownOrigin: string): boolean {
  if (!origin) return true;
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  const listed = (settings?.allowedOrigins ?? []).map(normalizeOrigin).filter((o): o is string => o !== null);
  return listed.length === 0 || normalized === normalizeOrigin(ownOrigin) || listed.includes(normalized);
}

/** The CSP frame-ancestors of the hosted chat page: the listed origins and Botloom's own, or any site. */
export function frameAncestors(settings: WebChatSettings | null | undefined): string {
  const listed = (settings?.allowedOrigins ?? []).map(normalizeOrigin).filter((o): o is string => o !== null);
  return listed.length === 0 ? '*' : ["'self'", ...listed].join(' ');
}
