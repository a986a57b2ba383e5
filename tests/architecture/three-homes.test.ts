// Every node type lives in three homes: its schema (shared), its handler (server) and its editor (studio).
// These tests fail when one home is missing, or when a home exists for a type that has no schema.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '@botloom/shared';
import { nodeHandlers } from '../../server/src/nodes/registry';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (...parts: string[]) => path.join(root, ...parts);
const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

const schemaTypes = readdirSync(at('shared/schemas/nodes'))
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => f.slice(0, -'.schema.json'.length))
  .sort();

describe('three homes of a node type', () => {
  it('finds the node schemas', () => {
    expect(schemaTypes.length).toBeGreaterThan(0);
    expect(schemaTypes).toEqual([...NODE_TYPES].sort()); // the generated types are up to date
  });

  it.each(schemaTypes)('%s has a server folder with a handler registered under its name', async (type) => {
    expect(existsSync(at('server/src/nodes', type, 'handler.ts')), `server/src/nodes/${type}/handler.ts`).toBe(true);
    const registered = (nodeHandlers as unknown as Record<string, unknown>)[type];
    expect(registered, `nodeHandlers.${type}`).toBeDefined();
    expect(typeof (registered as { enter?: unknown }).enter).toBe('function');
    const module = (await import(at('server/src/nodes', type, 'handler.ts'))) as Record<string, unknown>;
    expect(Object.values(module), `nodeHandlers.${type} is the handler from server/src/nodes/${type}/handler.ts`).toContain(registered);
  });

  it('has no server folder or registered handler without a schema', () => {
    expect(folders(at('server/src/nodes'))).toEqual(schemaTypes);
    expect(Object.keys(nodeHandlers).sort()).toEqual(schemaTypes);
  });

  const studioNodes = at('studio/src/nodes');
  it.runIf(existsSync(at('studio/src')))('studio has a folder for each node type, and none without a schema', () => {
    expect(existsSync(studioNodes), 'studio/src/nodes').toBe(true);
    expect(folders(studioNodes)).toEqual(schemaTypes);
  });
});

describe('the engine stays pure', () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: at(file) });
    return (result?.messages ?? []).map((m) => m.ruleId);
  };

  it('an I/O import in server/src/engine is a lint error', async () => {
    const messages = await lint(
      "import mongoose from 'mongoose';\n\nexport const model = mongoose.model;\n",
      'server/src/engine/purity-probe.ts',
    );
    expect(messages).toContain('no-restricted-imports');
  });

  it('so are I/O imports, adapters, fetch, Date.now and Math.random in server/src/nodes', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { x } from '../../adapters/mongo/local-mongo';",
      '',
      'export const a = readFileSync;',
      'export const b = x;',
      "export const c = fetch('https://example.com');",
      'export const d = Date.now() + Math.random();',
      'export const e = new Date();',
      '',
    ].join('\n');
    const rules = await lint(code, 'server/src/nodes/ask/purity-probe.ts');
    expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(2);
    expect(rules).toContain('no-restricted-globals');
    expect(rules.filter((r) => r === 'no-restricted-properties')).toHaveLength(2);
    expect(rules).toContain('no-restricted-syntax');
  });

  it('the same import elsewhere is allowed (the rule is scoped, not global)', async () => {
    const rules = await lint(
      "import mongoose from 'mongoose';\n\nexport const model = mongoose.model;\n",
      'server/src/adapters/mongo/purity-probe.ts',
    );
    expect(rules).not.toContain('no-restricted-imports');
  });
});
