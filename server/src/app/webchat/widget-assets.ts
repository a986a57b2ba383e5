// The embeddable widget (built from studio/widget by scripts/widget-build.mjs at start and before
// tests) and the hosted chat page, which shows the same widget full-screen and may be framed only by
// the bot's allowed origins.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HttpError } from '../http/errors';
import { frameAncestors, type WebChatSettings } from './chat-origins';

export const DEFAULT_WIDGET_FILE = join(import.meta.dirname, '../../../../studio/widget/dist/widget.js');

let cached: { file: string; mtimeMs: number; body: string } | null = null;

/** The widget's JavaScript, read once per build of it. */
export function widgetScript(file = DEFAULT_WIDGET_FILE): string {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    throw new HttpError(503, 'The chat widget has not been built yet: npm start builds it (or run npm run build:widget)');
  }
  if (!cached || cached.file !== file || cached.mtimeMs !== mtimeMs) cached = { file, mtimeMs, body: readFileSync(file, 'utf8') };
  return cached.body;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function chatPage(botId: string, title: string, settings: WebChatSettings | null | undefined): { html: string; csp: string } {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0">
<script src="/chat/${encodeURIComponent(botId)}/widget.js" data-mode="page"></script>
</body>
</html>
`;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    `frame-ancestors ${frameAncestors(settings)}`,
  ].join('; ');
  return { html, csp };
}
