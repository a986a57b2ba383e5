// `npm start`: builds the studio when it is missing or older than its sources, then runs the server.
import { spawnSync } from 'node:child_process';
import { buildStudioIfStale } from './studio-build.mjs';

if (!buildStudioIfStale()) process.exit(1);
const server = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { stdio: 'inherit' });
process.exit(server.status ?? 1);
