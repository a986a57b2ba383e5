// `npm start`: builds the studio and the chat widget when missing or older than their sources, then runs the server.
import { spawnSync } from 'node:child_process';
import { buildStudioIfStale } from './studio-build.mjs';
import { buildWidgetIfStale } from './widget-build.mjs';

if (!buildStudioIfStale() || !(await buildWidgetIfStale())) process.exit(1);
const server = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { stdio: 'inherit' });
process.exit(server.status ?? 1);
