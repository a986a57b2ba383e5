// The runtime reaches stores only through ports: a lint rule forbids it the database driver, the
// adapters and the app (dependencies point app -> runtime -> ports <- adapters).
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const lint = async (code: string, file: string) => {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId);
};

describe('the runtime depends on ports only', () => {
  it('mongoose, the driver, an adapter or the app imported in server/src/runtime are lint errors', async () => {
    const code = [
      "import mongoose from 'mongoose';",
      "import { MongoClient } from 'mongodb';",
      "import { ContactModel } from '../adapters/mongo/models';",
      "import { loadConfig } from '../app/config';",
      '',
      'export const all = [mongoose, MongoClient, ContactModel, loadConfig];',
      '',
    ].join('\n');
    const rules = await lint(code, 'server/src/runtime/ports-probe.ts');
    expect(rules.filter((r) => r === 'no-restricted-imports')).toHaveLength(4);
  });

  it('ports and the engine are fine', async () => {
    const code = "import type { Stores } from '../ports/stores';\nimport { step } from '../engine/step';\n\nexport type S = Stores;\nexport const s = step;\n";
    expect(await lint(code, 'server/src/runtime/ports-probe.ts')).not.toContain('no-restricted-imports');
  });
});
