// The API description (server/openapi.json, served at GET /api/openapi.json) is valid OpenAPI 3.1,
// documents exactly the routes the Express routers register, matches what the view functions
// answer, and is what server/scripts/build-openapi.ts builds. Starts no server and no database.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, GENERATED_MARKER, OPENAPI_FILE, renderOpenApi, sharedSchemaFiles } from '../../server/scripts/build-openapi';
import { openApiRoutes } from '../../server/src/app/routes/openapi-routes';
import { botView } from '../../server/src/app/services/bot-service';
import { conversationView, messageView } from '../../server/src/app/services/conversation-views';
import { versionView } from '../../server/src/app/services/flow-service';

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const at = (...parts: string[]) => join(root, ...parts);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** What GET /api/openapi.json answers, taken from the route's own handler (no server started). */
function servedDocument(): Json {
  const router = openApiRoutes() as unknown as {
    stack: Array<{ route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: (...args: unknown[]) => unknown }> } }>;
  };
  const layer = router.stack.find((l) => l.route?.path === '/openapi.json' && l.route.methods.get);
  if (!layer?.route) throw new Error('openApiRoutes() has no GET /openapi.json');
  let sent: unknown;
  const res = {
    status: () => res,
    set: () => res,
    type: () => res,
    json: (value: unknown) => void (sent = value),
    send: (value: unknown) => void (sent = typeof value === 'string' ? JSON.parse(value) : value),
  };
  for (const { handle } of layer.route.stack) handle({ method: 'GET', headers: {} }, res, () => undefined);
  if (!sent) throw new Error('GET /openapi.json sent nothing');
  return JSON.parse(JSON.stringify(sent)) as Json;
}

const doc = servedDocument();
const paths = doc.paths as Record<string, Record<string, Operation>>;
const operations = Object.entries(paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    method,
    path,
    op: item[method]!,
    pathParams: (item.parameters ?? []) as unknown as Json[],
  })),
);
const components = doc.components as { schemas: Record<string, Json>; parameters: Record<string, Json>; responses: Record<string, Json> };

/** Follows `#/components/...` references (parameters and responses are often references). */
function deref<T>(value: T): T {
  const ref = (value as { $ref?: string }).$ref;
  if (!ref) return value;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, part) => (node as Json)[part], doc) as T;
}

/**
 * The routes as the routers register them: `router.<method>('<path>'` in server/src/app/routes and
 * server/src/app/webhooks, under the prefix http-app.ts mounts each router's factory at.
 */
function registeredRoutes(): string[] {
  const httpApp = readFileSync(at('server/src/app/http-app.ts'), 'utf8');
  expect(httpApp, "http-app.ts mounts the api router at '/api'").toMatch(/app\.use\(\s*'\/api'\s*,\s*api\s*\)/);
  const routes: string[] = [];
  const files = ['server/src/app/routes', 'server/src/app/webhooks'].flatMap((dir) =>
    readdirSync(at(dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(dir, f)),
  );
  for (const file of files) {
    const source = readFileSync(at(file), 'utf8');
    const found = [...source.matchAll(/\brouter\.(get|post|put|patch|delete)\(\s*(['"`])([^'"`]+)\2/g)];
    if (found.length === 0) continue;
    const factories = [...source.matchAll(/export function (\w+)\(/g)].map((m) => m[1]!);
    const mounts = factories.flatMap((name) => {
      // the app.use / api.use statement that mounts this factory, and its optional path argument
      const statement = [...httpApp.matchAll(/\b(app|api)\.use\(([^;]*?)\);/gs)].find((m) => new RegExp(`\\b${name}\\(`).test(m[2]!));
      if (!statement) return [];
      const prefix = /^\s*'([^']*)'/.exec(statement[2]!)?.[1] ?? '';
      return [(statement[1] === 'api' ? '/api' : '') + prefix];
    });
    expect(mounts, `${file} registers routes, so http-app.ts must mount it exactly once`).toHaveLength(1);
    for (const m of found) routes.push(`${m[1]!.toUpperCase()} ${mounts[0]}${m[3]!.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes.sort();
}

describe('the OpenAPI document', () => {
  it('is the committed, generated server/openapi.json', () => {
    expect(doc).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    expect(doc['x-generated']).toBe(GENERATED_MARKER);
    expect(Object.keys(doc)[0]).toBe('x-generated');
  });

  it('is up to date with openapi.base.json and shared/schemas (else run `npx tsx server/scripts/build-openapi.ts`)', () => {
    expect(JSON.parse(renderOpenApi(buildOpenApi()))).toEqual(doc);
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
    // and the validator does look: a document without info, or with a misplaced field, is refused
    const { info: _info, ...withoutInfo } = structuredClone(doc);
    expect((await new Validator().validate(withoutInfo)).valid).toBe(false);
    const misplaced = structuredClone(doc) as { paths: Record<string, Record<string, Json>> };
    misplaced.paths['/api/health']!.get!.responses = { 200: { content: {} } };
    expect((await new Validator().validate(misplaced)).valid).toBe(false);
  });

  it('has valid JSON Schemas (2020-12) whose references all resolve', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    for (const [name, schema] of Object.entries(components.schemas)) {
      expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    }
    ajv.addSchema({ $id: 'urn:botloom:openapi', components: doc.components }, 'openapi');
    for (const name of Object.keys(components.schemas)) {
      expect(() => ajv.getSchema(`urn:botloom:openapi#/components/schemas/${name}`), name).not.toThrow();
    }
  });

  it('describes info, servers, tags and both credentials, applied globally', () => {
    expect(doc.info).toMatchObject({ title: 'Botloom API', version: '0.1.0', description: expect.any(String) });
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect((doc.components as Json).securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'botloom_session' },
    });
    expect(doc.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    for (const { method, path, op } of operations) {
      expect(op.tags?.length, `${method} ${path} has a tag`).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(tags.has(tag), `${method} ${path}: tag ${tag} is declared`).toBe(true);
    }
  });

  it('documents exactly the routes the routers register', () => {
    const registered = registeredRoutes();
    expect(registered).toContain('GET /api/health');
    expect(registered).toContain('POST /api/auth/login');
    expect(registered).toContain('POST /webhooks/twilio/{botId}/messages');
    const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort();
    expect(
      registered.filter((r) => !documented.includes(r)),
      'registered but not documented',
    ).toEqual([]);
    expect(
      documented.filter((d) => !registered.includes(d)),
      'documented but no router has it',
    ).toEqual([]);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('gives every operation a unique operationId and declares each path parameter', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op, pathParams } of operations) {
      const declared = [...pathParams, ...(op.parameters ?? [])]
        .map(deref)
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(declared.sort(), `${method} ${path}`).toEqual(inPath.sort());
    }
  });

  it('needs credentials everywhere except health, this document, login, the session probe and the webhooks', () => {
    const open = operations
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(open.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/auth/session',
        'GET /api/openapi.json',
        'POST /api/auth/login',
        'POST /webhooks/twilio/{botId}/messages',
        'POST /webhooks/twilio/{botId}/status',
        'GET /webhooks/whatsapp/{botId}',
        'POST /webhooks/whatsapp/{botId}',
      ].sort(),
    );
    for (const { method, path, op, pathParams } of operations) {
      const secured = op.security === undefined;
      if (secured) expect(Object.keys(op.responses), `${method} ${path} answers 401`).toContain('401');
      if (path.startsWith('/webhooks/')) {
        const checked = [...pathParams, ...(op.parameters ?? [])]
          .map(deref)
          .filter((p) => p.in === 'header' || p.in === 'query')
          .map((p) => String(p.name).toLowerCase());
        // Twilio signs every request; Meta signs its POSTs and checks its GET by the verify token
        const proof = path.startsWith('/webhooks/twilio/')
          ? 'x-twilio-signature'
          : method === 'get'
            ? 'hub.verify_token'
            : 'x-hub-signature-256';
        expect(checked, `${method} ${path} describes how it is checked`).toContain(proof);
        expect(Object.keys(op.responses)).toContain('403');
      }
    }
  });

  it('answers errors as {error} and invalid requests as 422 {error, errors}', () => {
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const content = (deref(response).content ?? {}) as Record<string, { schema: Json }>;
        if (Number(status) < 400 || !content['application/json'] || (path === '/api/health' && status === '503')) continue;
        const schema = deref(content['application/json'].schema);
        expect(
          ['Error', 'ValidationFailure', 'StaleRevision'].map((n) => components.schemas[n]),
          `${method} ${path} ${status}`,
        ).toContainEqual(schema);
        if (status === '422') expect(schema, `${method} ${path} 422`).toBe(components.schemas.ValidationFailure);
      }
      if (op.requestBody && (deref(op.requestBody).content as Json)['application/json']) {
        // a provider's webhook body is not validated against a schema: it is read, never refused
        for (const status of path.startsWith('/webhooks/') ? ['400', '413'] : ['400', '413', '422'])
          expect(Object.keys(op.responses), `${method} ${path} takes a JSON body`).toContain(status);
      }
    }
    expect(paths['/api/auth/login']!.post!.responses).toHaveProperty('429');
    expect(paths['/api/health']!.get!.responses).toHaveProperty('503');
    expect(paths['/api/bots/{id}/flow']!.put!.responses).toHaveProperty('409');
  });

  it('references the request schemas of shared/schemas/api, copied as they are', () => {
    for (const file of sharedSchemaFiles()) {
      const { $schema: _s, $id: _i, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Json;
      const copy = components.schemas[String(schema.title)];
      expect(copy, basename(file)).toBeDefined();
      if (file.includes('/api/') || basename(file) === 'flow.schema.json') expect(copy, basename(file)).toEqual(schema);
    }
    const bodies = operations.flatMap(({ op }) => {
      const content = op.requestBody ? ((deref(op.requestBody).content ?? {}) as Record<string, { schema: { $ref?: string } }>) : {};
      return content['application/json']?.schema.$ref ? [content['application/json'].schema.$ref] : [];
    });
    const queryNames = new Set(operations.flatMap(({ op }) => ((op.parameters ?? []) as Json[]).map(deref).filter((p) => p.in === 'query').map((p) => String(p.name))));
    for (const file of readdirSync(at('shared/schemas/api'))) {
      const schema = JSON.parse(readFileSync(at('shared/schemas/api', file), 'utf8')) as Json;
      // a "-query" schema validates query parameters: each of its properties is a documented query parameter
      if (file.endsWith('-query.schema.json')) {
        for (const name of Object.keys(schema.properties as Json)) expect(queryNames, `${file}: ?${name} is documented`).toContain(name);
        continue;
      }
      expect(bodies, `${file} is the body of some operation`).toContain(`#/components/schemas/${String(schema.title)}`);
    }
  });
});

describe('the response schemas match what the views answer', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'urn:botloom:openapi', components: doc.components }, 'openapi');
  const check = (name: string, value: unknown) => {
    const validate = ajv.getSchema(`urn:botloom:openapi#/components/schemas/${name}`)!;
    const json = JSON.parse(JSON.stringify(value)) as unknown;
    expect(validate(json), `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(json)}`).toBe(true);
  };
  const id = () => new Types.ObjectId();
  const now = new Date('2025-06-02T09:30:00Z');

  it('Bot and Draft', () => {
    const flow = {
      _id: id(),
      name: 'Main',
      isMain: true,
      rev: 3,
      draftUpdatedAt: now,
      publishedNumber: 2,
      draft: { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }], edges: [] },
    };
    check('Bot', botView({ _id: id(), name: 'Echo', timezone: 'Europe/London', helpText: '', createdAt: now, updatedAt: now }, flow));
    check('Bot', botView({ _id: id(), name: 'Bare' }));
    check('Draft', botView({ _id: id(), name: 'Echo' }, flow).flow);
  });

  it('Version', () => {
    check('Version', {
      ...versionView({ _id: id(), number: 1, createdAt: now, createdBy: id() }),
      warnings: [{ nodeId: 'n', path: '/nodes/1', message: 'unreachable', severity: 'warning' }],
    });
    check('RolledBackVersion', { ...versionView({ _id: id(), number: 3, createdAt: now, createdBy: null }), rolledBackTo: 1 });
  });

  it('Message', () => {
    const base = { _id: id(), text: 'Hi', createdAt: now, channel: 'sms', conversationId: id() };
    check('Message', messageView({ ...base, direction: 'in', status: 'received', sentBy: 'contact' }));
    check(
      'Message',
      messageView({
        ...base,
        direction: 'out',
        status: 'delivered',
        sentBy: 'bot',
        nodeId: 'ask',
        mediaUrl: 'https://example.com/a.png',
        errorCode: '30003',
        conversationId: null,
      }),
    );
  });

  it('Conversation', () => {
    const doc = {
      _id: id(),
      botId: id(),
      contactId: id(),
      channel: 'whatsapp',
      status: 'handoff',
      nodeId: 'ask',
      vars: { name: 'Ada' },
      source: 'published',
      flowVersionId: id(),
      agentId: id(),
      createdAt: now,
      updatedAt: now,
    };
    check('Conversation', conversationView(doc, { address: '+447700900123' }));
    check('Conversation', conversationView({ ...doc, nodeId: null, agentId: null, endReason: 'done' }, null));
    const ending = { kind: 'webhook_failed' as const, nodeId: 'hook', label: 'webhook failed', message: 'The step “hook” could not call https://10.0.0.5/: that address is private and blocked for safety' };
    check('Conversation', conversationView({ ...doc, status: 'completed' }, null, ending));
    check('Conversation', conversationView({ ...doc, status: 'completed' }, null, null));
  });

  it('SimulatorAnswer, as the contract states it', () => {
    check('SimulatorAnswer', {
      replies: [{ text: 'Your name?', nodeId: 'a', choices: ['Ada', 'Bob'] }],
      conversation: { id: id().toString(), status: 'waiting', nodeId: 'a', state: {} },
    });
    check('SimulatorAnswer', { replies: [], conversation: null });
    check('SimulatorAnswer', {
      notices: [{ nodeId: 'w', kind: 'no_exit', message: 'The conversation ended because the ‘false’ exit of “w” leads nowhere' }],
      replies: [],
      conversation: { id: id().toString(), status: 'completed', nodeId: 'w', state: {}, endReason: 'nothing is connected' },
    });
  });
});
