// Zero-setup MongoDB-compatible server used by `npm start` / `npm test` when MONGODB_URI is unset.
// A real mongod cannot be assumed, so we run mongo-java-server (server/mongo-launcher/Launcher.java).
// Its jars are fetched once with Maven into server/mongo-launcher/lib (gitignored).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalMongoOptions {
  /** Persist data in an H2 file under this directory; in-memory when omitted. */
  dataDir?: string;
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Database name placed in the returned URI (default `botloom`). */
  dbName?: string;
  /** Receives progress lines (Maven download, java stderr). */
  log?: (line: string) => void;
}

export interface LocalMongo {
  uri: string;
  persistent: boolean;
  stop(): Promise<void>;
}

const LAUNCHER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../mongo-launcher');
const LIB_DIR = join(LAUNCHER_DIR, 'lib');
// One jar per artifact we actually load; if any is missing the lib dir is incomplete.
const REQUIRED_JARS =
  'mongo-java-server-core mongo-java-server-memory-backend mongo-java-server-h2-backend h2 netty-transport slf4j-api slf4j-nop';
const READY_LINE = /^BOTLOOM_MONGO_LISTENING (\d+)\r?\n/m; // whole line only, not a partial chunk
const READY_TIMEOUT_MS = 60_000;

function jarsComplete(): boolean {
  const jars = existsSync(LIB_DIR) ? readdirSync(LIB_DIR).filter((f) => f.endsWith('.jar')) : [];
  return REQUIRED_JARS.split(' ').every((name) => jars.some((j) => j.startsWith(`${name}-`)));
}

/** Spawns a command in the launcher dir, keeping its stdout+stderr text for error messages. */
function spawnHere(cmd: string, args: string[], onStderr?: (line: string) => void) {
  const child = spawn(cmd, args, { cwd: LAUNCHER_DIR, stdio: 'pipe' });
  const output = { text: '' };
  const keep = (d: Buffer) => (output.text = (output.text + d).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', (d: Buffer) => {
    keep(d);
    for (const line of String(d).split('\n')) if (line.trim()) onStderr?.(`local-mongo: ${line}`);
  });
  const hint = `local-mongo: cannot run \`${cmd}\`; install it or set MONGODB_URI to use an existing MongoDB`;
  return { child, output, hint };
}

// Shared by concurrent callers in this process; other processes (vitest workers) are handled by
// downloading into a private temp dir and renaming it into place, which is atomic.
let jarsPromise: Promise<void> | undefined;
function ensureJars(log?: (line: string) => void): Promise<void> {
  if (jarsComplete()) return Promise.resolve();
  jarsPromise ??= (async () => {
    log?.('local-mongo: downloading mongo-java-server jars with Maven (first run only)...');
    const tmp = join(LAUNCHER_DIR, `lib.tmp-${process.pid}`);
    await rm(tmp, { recursive: true, force: true });
    const mvnArgs = ['-q', '-B', '-f', 'pom.xml', 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`];
    const { child, output, hint } = spawnHere('mvn', mvnArgs);
    await new Promise<void>((ok, fail) => {
      child.on('error', (e) => fail(new Error(`${hint} (${e.message})`)));
      child.on('exit', (code) =>
        code === 0 ? ok() : fail(new Error(`mvn failed (${code}):\n${output.text}`)),
      );
    });
    if (!jarsComplete()) {
      await rm(LIB_DIR, { recursive: true, force: true });
      // Losing a rename race to another process is fine as long as its copy is complete.
      await rename(tmp, LIB_DIR).catch((e) => {
        if (!jarsComplete()) throw e;
      });
    }
    await rm(tmp, { recursive: true, force: true });
  })().finally(() => (jarsPromise = undefined));
  return jarsPromise;
}

/** Spawns Launcher.java and resolves with the bound port once it prints the ready line. */
function launch(args: string[], log?: (line: string) => void) {
  // stdin is a pipe we never write to: the launcher exits on its EOF, i.e. when we end() it or die.
  // Serial GC: a single-threaded collector keeps this dev helper's footprint small.
  const javaArgs = ['-XX:+UseSerialGC', '-cp', join(LIB_DIR, '*'), 'Launcher.java', ...args];
  const { child, output, hint } = spawnHere('java', javaArgs, log);
  return new Promise<{ child: ChildProcess; port: number }>((ok, fail) => {
    const failWith = (msg: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      fail(new Error(`${msg}\n${output.text}`));
    };
    const timer = setTimeout(
      () => failWith(`local-mongo: java not ready in ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    child.on('error', (e) => failWith(`${hint} (Java 17+ needed): ${e.message}`));
    child.on('exit', (code, sig) =>
      failWith(`local-mongo: java exited (${code ?? sig}) before it was ready:`),
    );
    let stdout = ''; // parsed on its own: stderr chunks may interleave with it in output.text
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      const ready = READY_LINE.exec(stdout);
      if (!ready) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      ok({ child, port: Number(ready[1]) });
    });
  });
}

export async function startLocalMongo(opts: LocalMongoOptions = {}): Promise<LocalMongo> {
  await ensureJars(opts.log);
  const args = ['--port', String(opts.port ?? 0)];
  // The H2 backend handles everything the memory backend does for our usage (mongoose CRUD,
  // indexes, aggregation, Agenda locking; see tests/integration/local-mongo.test.ts) and
  // persists to a single MVStore file, so there is no memory fallback.
  const persistent = opts.dataDir !== undefined;
  if (persistent) {
    const dir = resolve(opts.dataDir!);
    await mkdir(dir, { recursive: true });
    args.push('--h2', join(dir, 'local-mongo.h2.mv'));
  }
  const { child, port } = await launch(args, opts.log);
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', (code, sig) => (opts.log?.(`local-mongo: java exited (${code ?? sig})`), done()));
  });
  // Do not keep the Node process alive just for this child: if the parent exits (or crashes),
  // the stdin pipe closes and the launcher shuts itself down.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as { unref?: () => void } | null)?.unref?.();

  return {
    uri: `mongodb://127.0.0.1:${port}/${opts.dbName ?? 'botloom'}`,
    persistent,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.ref(); // unref'd above; keep the event loop alive until the exit event arrives
      child.stdin!.end(); // graceful: the launcher closes the backend (flushing H2) and exits
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
