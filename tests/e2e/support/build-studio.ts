// Global setup: builds the studio when studio/dist is missing or older than its sources.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStudioIfStale } from '../../../scripts/studio-build.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const STUDIO_DIST = join(root, 'studio/dist');

export function setup(): void {
  if (!buildStudioIfStale((line) => console.log(`[e2e] ${line}`))) throw new Error('npm run build -w studio failed');
}
