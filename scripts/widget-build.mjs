// Builds the embeddable chat widget (studio/widget -> studio/widget/dist/widget.js, one minified
// script with its Socket.IO client) when it is missing or older than its sources. `npm start` and
// the tests' setup call it, so the served widget is never stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'studio/widget');
export const WIDGET_OUT = join(dir, 'dist/widget.js');

function newestSource() {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  return Math.max(statSync(join(root, 'scripts/widget-build.mjs')).mtimeMs, ...files.map((f) => statSync(join(dir, f)).mtimeMs));
}

/** Builds the widget if it is stale; returns false when the build failed. */
export async function buildWidgetIfStale(log = console.log) {
  if (existsSync(WIDGET_OUT) && statSync(WIDGET_OUT).mtimeMs >= newestSource()) return true;
  log('Building the chat widget...');
  try {
    await build({
      entryPoints: [join(dir, 'widget.ts')],
      outfile: WIDGET_OUT,
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2020'],
      legalComments: 'none',
      logLevel: 'warning',
    });
    return true;
  } catch (err) {
    log(`Building the chat widget failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit((await buildWidgetIfStale()) ? 0 : 1);
}
