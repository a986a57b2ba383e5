// Starts one in-memory MongoDB-compatible server for the whole test run (unless MONGODB_URI is
// given); each test file then works in a database of its own (see tests/support/db.ts).
import type { TestProject } from 'vitest/node';
import { startLocalMongo, type LocalMongo } from '../../server/src/adapters/mongo/local-mongo';
import { buildWidgetIfStale } from '../../scripts/widget-build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoBaseUri: string;
  }
}

let server: LocalMongo | undefined;

export async function setup(project: TestProject): Promise<void> {
  // the chat widget is served by the server under test (tests/integration/webchat-*, tests/e2e/webchat)
  if (!(await buildWidgetIfStale((line) => console.log(`[widget] ${line}`)))) throw new Error('building the chat widget failed');
  if (process.env.MONGODB_URI) {
    project.provide('mongoBaseUri', process.env.MONGODB_URI.replace(/\/[^/?]*(\?.*)?$/, ''));
    return;
  }
  server = await startLocalMongo({ log: (line) => console.log(`[local-mongo] ${line}`) });
  project.provide('mongoBaseUri', server.uri.replace(/\/[^/?]*(\?.*)?$/, ''));
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
