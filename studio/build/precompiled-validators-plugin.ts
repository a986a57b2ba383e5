// Compiles every flow and node JSON Schema in shared/schemas with ajv at build time (ajv's
// "standalone" code) and serves the result as the virtual module "virtual:botloom-validators".
// The browser then validates with exactly the schemas the server uses, without eval, so the
// studio works under the server's strict Content-Security-Policy.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:botloom-validators';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const schemasDir = fileURLToPath(new URL('../../shared/schemas', import.meta.url));

type Schema = { $id: string };

function readSchemas(dir: string): Schema[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Schema);
}

/** ajv's standalone ESM output still require()s its runtime helpers (ucs2length): make them imports. */
function esmOnly(code: string): string {
  const modules: string[] = [];
  const body = code.replace(/require\(("[^"]+")\)/g, (_all, name: string) => {
    if (!modules.includes(name)) modules.push(name);
    return `runtimeHelper${modules.indexOf(name)}`;
  });
  const imports = modules.map((name, i) => `import * as runtimeHelper${i} from ${name};`).join('\n');
  return `${imports}\n${body.replace(/^"use strict";/, '')}`;
}

/** The same options as shared/src (allErrors, strict, verbose for the "empty field" checks). */
export function generateValidatorsModule(): string {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    code: { source: true, esm: true },
  });
  ajv.addKeyword('x-botloom').addKeyword('x-botloom-widget');
  const common = readSchemas(join(schemasDir, 'common'));
  const compiled = [
    ...readSchemas(join(schemasDir, 'nodes')),
    JSON.parse(readFileSync(join(schemasDir, 'flow.schema.json'), 'utf8')) as Schema,
  ];
  for (const schema of [...common, ...compiled]) ajv.addSchema(schema);
  const exportNames = Object.fromEntries(compiled.map((s, i) => [`validator${i}`, s.$id]));
  const code = esmOnly(standaloneCode(ajv, exportNames));
  const byId = compiled.map((s, i) => `${JSON.stringify(s.$id)}: validator${i}`).join(',\n  ');
  return `${code}\nexport const validatorsById = {\n  ${byId}\n};\n`;
}

export function precompiledValidators(): Plugin {
  return {
    name: 'botloom-precompiled-validators',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      for (const dir of ['common', 'nodes']) this.addWatchFile(join(schemasDir, dir));
      return generateValidatorsModule();
    },
  };
}
