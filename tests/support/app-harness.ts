// Starts a real Botloom (real HTTP, real MongoDB-compatible database, real scheduler) for an
// integration test file, on a free port and a database of its own.
import { loadConfig, type Config } from '../../server/src/app/config';
import { startBotloom, type Botloom } from '../../server/src/app/compose';
import { freshDatabaseUri } from './db';

export const ADMIN = { email: 'admin@botloom.test', password: 'correct-horse-battery' };

export interface TestApp {
  botloom: Botloom;
  url: string;
  config: Config;
  /** Signs in and returns a bearer token. */
  login(email?: string, password?: string): Promise<string>;
  /** fetch against the app with JSON in and out; `token` adds the Authorization header. */
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startTestApp(opts: { label: string; env?: Record<string, string>; mongoUri?: string; now?: () => Date }): Promise<TestApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: opts.mongoUri ?? freshDatabaseUri(opts.label),
    BOTLOOM_ADMIN_EMAIL: ADMIN.email,
    BOTLOOM_ADMIN_PASSWORD: ADMIN.password,
    BOTLOOM_SECRET_KEY: '0'.repeat(63) + '1',
    SCHEDULER_POLL_MS: '200',
    LOG_LEVEL: 'warn',
    LOGIN_ATTEMPTS_PER_15_MIN: '1000',
    DATA_DIR: '/tmp/botloom-test-data',
    ...opts.env,
  });
  const botloom = await startBotloom(config, { now: opts.now });
  const url = botloom.url;
  const call: TestApp['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(url + path, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    botloom,
    url,
    config,
    call,
    async login(email = ADMIN.email, password = ADMIN.password) {
      const res = await call('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    stop: () => botloom.close(),
  };
}

/** Node ids in tests read like the flow they describe. */
export function node(id: string, type: string, data: Record<string, unknown> = {}, y = 0) {
  return { id, type, position: { x: 0, y }, data };
}

export function edge(source: string, target: string, sourceHandle?: string) {
  return { id: `${source}-${sourceHandle ?? 'out'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) };
}
