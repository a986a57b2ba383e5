// `npm start`: builds the studio when it has a build step and is out of date, then runs the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const studio = JSON.parse(readFileSync(new URL('../studio/package.json', import.meta.url), 'utf8'));
if (studio.scripts?.build && (!existsSync(new URL('../studio/dist/index.html', import.meta.url)) || process.env.BOTLOOM_REBUILD_STUDIO === '1')) {
  console.log('Building the studio (first start only)...');
  const built = spawnSync('npm', ['run', 'build', '-w', 'studio'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const server = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { stdio: 'inherit' });
process.exit(server.status ?? 1);
