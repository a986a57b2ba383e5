// Builds server/openapi.json (served at GET /api/openapi.json) from the hand-written
// server/openapi.base.json plus the JSON Schemas in shared/schemas, so no schema is written twice.
// Run with `npx tsx server/scripts/build-openapi.ts`; tests/integration/openapi.test.ts fails when
// the committed output is stale.
//
// Each shared schema becomes components.schemas[<its title>], without `$schema` and `$id`. Its `$ref`s
// are rewritten to point into the document: `#/$defs/x` to `#/components/schemas/<title>/$defs/x`, and
// `../common/duration.schema.json` (or a schema's `$id`) to `#/components/schemas/Duration`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_BASE_FILE = join(REPO_ROOT, 'server/openapi.base.json');
export const OPENAPI_FILE = join(REPO_ROOT, 'server/openapi.json');
const SCHEMAS_DIR = join(REPO_ROOT, 'shared/schemas');
export const GENERATED_MARKER = 'by server/scripts/build-openapi.ts; edit openapi.base.json';

/** The shared schemas that become components, in this order: request bodies, the flow, then node configs. */
export function sharedSchemaFiles(): string[] {
  const dir = (sub: string) =>
    readdirSync(join(SCHEMAS_DIR, sub))
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => join(SCHEMAS_DIR, sub, f));
  return [...dir('api'), join(SCHEMAS_DIR, 'flow.schema.json'), ...dir('common'), ...dir('nodes')];
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const pointer = (name: string) => `#/components/schemas/${name}`;

function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rewrite));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? rewrite(v) : rewriteRefs(v, rewrite)]),
  );
}

/** Follows a local JSON pointer (`#/a/b`) through the document; undefined when it leads nowhere. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node) && Object.hasOwn(node, part)) node = node[part];
    else return undefined;
  }
  return node;
}

function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, found));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else collectRefs(v, found);
    }
  }
  return found;
}

/** The shared schemas as OpenAPI components, keyed by title. */
export function sharedComponents(): Record<string, Json> {
  const files = sharedSchemaFiles();
  const raw = files.map((file) => ({ file, schema: readJson(file) }));
  const nameOf = new Map<string, string>(); // absolute file path or $id -> component name
  for (const { file, schema } of raw) {
    const title = schema.title;
    if (typeof title !== 'string' || !/^[A-Za-z0-9._-]+$/.test(title))
      throw new Error(`${relative(REPO_ROOT, file)}: its title must be a component name`);
    if ([...nameOf.values()].includes(title))
      throw new Error(`${relative(REPO_ROOT, file)}: another shared schema is also titled ${title}`);
    nameOf.set(file, title);
    if (typeof schema.$id === 'string') nameOf.set(schema.$id, title);
  }
  const components: Record<string, Json> = {};
  for (const { file, schema } of raw) {
    const name = nameOf.get(file)!;
    const { $schema: _schema, $id: _id, ...rest } = schema;
    components[name] = rewriteRefs(rest, (ref) => {
      const hash = ref.indexOf('#');
      const target = hash === -1 ? ref : ref.slice(0, hash);
      const fragment = hash === -1 ? '' : ref.slice(hash + 1);
      if (fragment && !fragment.startsWith('/'))
        throw new Error(`${relative(REPO_ROOT, file)}: cannot rewrite $ref ${ref} (anchors are not supported)`);
      const targetName = target === '' ? name : (nameOf.get(target) ?? nameOf.get(resolve(dirname(file), target)));
      if (!targetName) throw new Error(`${relative(REPO_ROOT, file)}: $ref ${ref} is not one of the shared schemas`);
      return pointer(targetName) + fragment;
    }) as Json;
  }
  return components;
}

/** The whole document, as server/openapi.json should hold it. */
export function buildOpenApi(base: Json = readJson(OPENAPI_BASE_FILE)): Json {
  const { 'x-generated': _old, ...rest } = base;
  const baseComponents = isObject(rest.components) ? rest.components : {};
  const baseSchemas = isObject(baseComponents.schemas) ? baseComponents.schemas : {};
  const shared = sharedComponents();
  const clashes = Object.keys(shared).filter((name) => Object.hasOwn(baseSchemas, name));
  if (clashes.length > 0) throw new Error(`openapi.base.json defines schemas that come from shared/schemas: ${clashes.join(', ')}`);
  const doc: Json = { 'x-generated': GENERATED_MARKER, ...rest, components: { ...baseComponents, schemas: { ...baseSchemas, ...shared } } };
  const broken = [...new Set(collectRefs(doc))].filter((ref) => resolvePointer(doc, ref) === undefined);
  if (broken.length > 0) throw new Error(`$refs that point nowhere: ${broken.join(', ')}`);
  return doc;
}

export function renderOpenApi(doc: Json = buildOpenApi()): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${relative(process.cwd(), OPENAPI_FILE)}`);
}
