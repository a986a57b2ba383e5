// Builds the studio when studio/dist is missing or older than any of its sources. `npm start` and
// the e2e tests' setup both call it, so a pulled change never serves a stale studio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['studio/src', 'studio/build', 'studio/index.html', 'studio/vite.config.ts', 'studio/package.json', 'shared/schemas', 'shared/src'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

/** Why the studio needs building, or null when studio/dist is up to date. */
export function studioBuildReason() {
  const index = join(root, 'studio/dist/index.html');
  if (!existsSync(index)) return 'studio/dist is missing';
  const newestSource = SOURCES.map((p) => join(root, p))
    .filter(existsSync)
    .reduce((newest, p) => Math.max(newest, newestMtime(p)), 0);
  return statSync(index).mtimeMs >= newestSource ? null : 'its sources changed since the last build';
}

/** Builds the studio if it is stale; returns false when the build failed. */
export function buildStudioIfStale(log = console.log) {
  const reason = studioBuildReason();
  if (!reason) return true;
  log(`Building the studio (${reason})...`);
  return spawnSync('npm', ['run', 'build', '-w', 'studio'], { cwd: root, stdio: 'inherit' }).status === 0;
}
