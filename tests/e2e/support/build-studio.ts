// Global setup: builds the studio when studio/dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const STUDIO_DIST = join(root, 'studio/dist');
const SOURCES = [
  'studio/src',
  'studio/build',
  'studio/index.html',
  'studio/vite.config.ts',
  'studio/package.json',
  'shared/schemas',
  'shared/src',
];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

export function setup(): void {
  const index = join(STUDIO_DIST, 'index.html');
  const sourcesChanged = SOURCES.map((p) => join(root, p))
    .filter(existsSync)
    .reduce((newest, p) => Math.max(newest, newestMtime(p)), 0);
  if (existsSync(index) && statSync(index).mtimeMs >= sourcesChanged) return;
  console.log('[e2e] building the studio (studio/dist is missing or older than its sources)…');
  const built = spawnSync('npm', ['run', 'build', '-w', 'studio'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build -w studio failed');
}
