// `npm run bench:studio`: opens generated flows of 200 and 1,000 steps in the editor (headless
// Chromium through playwright-core) and reports the time until every step is rendered and the
// frames per second while panning at the opening zoom. It measures; it never asserts, and it is
// not part of `npm test`. Knobs (env): BENCH_STUDIO_SIZES ("200,1000"), BENCH_STUDIO_ROUNDS (1),
// BENCH_STUDIO_COMPARE ("before=/path/to/another/studio/dist": that build is measured too, turn
// about with this one in the same run, so before/after figures share the machine's load), CHROMIUM_PATH.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { startLocalMongo } from '../../server/src/adapters/mongo/local-mongo';
import { setup as buildStudioIfStale } from '../e2e/support/build-studio';
import { largeFlow } from '../support/large-flow';
import { startServerChild, waitHealthy, type ServerChild } from '../support/server-child';
import { jsonClient } from '../support/botloom-outside';
import { round, table } from './stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { email: 'bench@botloom.test', password: 'bench-horse-battery-staple' };
const SIZES = (process.env.BENCH_STUDIO_SIZES ?? '200,1000')
  .split(',')
  .map(Number)
  .filter((n) => n > 1);
const ROUNDS = Math.max(1, Number(process.env.BENCH_STUDIO_ROUNDS ?? 1) || 1);
/** The builds to measure: this worktree's studio/dist, plus any given to compare with. */
const BUILDS: Array<{ label: string; dir: string }> = [
  ...(process.env.BENCH_STUDIO_COMPARE ?? '')
    .split(',')
    .filter((entry) => entry.includes('='))
    .map((entry) => ({ label: entry.slice(0, entry.indexOf('=')), dir: entry.slice(entry.indexOf('=') + 1) })),
  { label: 'this build', dir: join(ROOT, 'studio/dist') },
];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const log = (line: string) => console.log(`[bench:studio] ${line}`);

/** Milliseconds from navigation start until every node is in the DOM and measured (visible). */
async function timeToAllRendered(page: Page, count: number): Promise<number> {
  // a function, not a string (the app's CSP forbids eval); typed here without the DOM library
  const handle = await page.waitForFunction(
    (n) => {
      type PageDocument = { querySelectorAll(s: string): ArrayLike<{ style: { visibility: string } }> };
      const nodes = Array.from((globalThis as unknown as { document: PageDocument }).document.querySelectorAll('.react-flow__node'));
      return nodes.length >= n && nodes.every((node) => node.style.visibility !== 'hidden') && performance.now();
    },
    count,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

// Other page code is given as strings (run over the DevTools protocol, so the CSP allows it):
// tsx would wrap inner functions in a helper the page lacks.

/** A point of the empty canvas (not on a step), to pan from. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
    for (let y = pane.top + 40; y < pane.bottom - 40; y += 20)
      for (let x = pane.left + 20; x < pane.right - 200; x += 20)
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    throw new Error('no empty spot on the canvas to pan from');
  })()`);
}

const METRICS = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;
type MainThread = Record<(typeof METRICS)[number], number>;

/** Chromium's main-thread time counters (seconds), read over the DevTools protocol. */
async function mainThreadTimes(cdp: CDPSession): Promise<MainThread> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(METRICS.map((name) => [name, metrics.find((m) => m.name === name)?.value ?? 0])) as MainThread;
}

/** Drags the canvas back and forth for a while, counting animation frames in the page. */
async function panFps(page: Page): Promise<{ fps: number; worstFrameMs: number; zoom: number; mainThread: string }> {
  const start = await emptyPanePoint(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await mainThreadTimes(cdp);
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__counting = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let round = 0; round < 3; round++) {
    for (let i = 1; i <= 30; i++) await page.mouse.move(start.x + i * 8, start.y + i * 5);
    for (let i = 29; i >= 0; i--) await page.mouse.move(start.x + i * 8, start.y + i * 5);
  }
  await page.mouse.up();
  const after = await mainThreadTimes(cdp);
  await cdp.detach();
  // where the main thread's time went while panning: the task time that is not script, style or
  // layout is mostly paint and compositing work
  const share = (name: (typeof METRICS)[number]) => Math.round(((after[name] - before[name]) / (after.TaskDuration - before.TaskDuration)) * 100);
  const mainThread = `busy ${Math.round((after.TaskDuration - before.TaskDuration) * 1000)} ms: script ${share('ScriptDuration')}%, style ${share('RecalcStyleDuration')}%, layout ${share('LayoutDuration')}%`;
  const frames = await page.evaluate<number[]>(`(() => {
    window.__counting = false;
    return window.__frames;
  })()`);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const seconds = (frames.at(-1)! - frames[0]!) / 1000;
  const transform = await page.evaluate<string>(`document.querySelector('.react-flow__viewport').style.transform`);
  const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? NaN);
  return { fps: (frames.length - 1) / seconds, worstFrameMs: Math.max(...gaps), zoom, mainThread: `${mainThread} of ${Math.round(seconds * 1000)} ms` };
}

/** A signed-in page of one server (one build of the studio). */
async function signedInPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: url })).newPage();
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your bots' }).waitFor();
  return page;
}

async function main(): Promise<void> {
  buildStudioIfStale();
  const mongo = await startLocalMongo({ log });
  // one server per build, all on the same database: every build opens the very same bots (started
  // one after the other: each creates the admin account when it is missing)
  const servers: ServerChild[] = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const build of BUILDS) {
      const server = await startServerChild({ cwd: ROOT, mongoUri: mongo.uri, admin: ADMIN, env: { STUDIO_DIR: build.dir }, log });
      servers.push(server);
      await waitHealthy(server, 120_000, new AbortController().signal);
    }
    const call = jsonClient(servers[0]!.url, new AbortController().signal);
    const token = (await call('POST', '/api/auth/login', { body: ADMIN })).body.token as string;
    const pages = [];
    for (const server of servers) pages.push(await signedInPage(browser, server.url));

    const botIds = new Map<number, string>();
    for (const size of SIZES) {
      const bot = await call('POST', '/api/bots', { token, body: { name: `Bench ${size} steps` } });
      const saved = await call('PUT', `/api/bots/${bot.body.id}/flow`, { token, body: largeFlow(size) });
      if (saved.status !== 200) throw new Error(`saving the ${size}-step flow failed: ${saved.status} ${JSON.stringify(saved.body)}`);
      botIds.set(size, bot.body.id as string);
    }

    const rows: Array<[string, string | number]> = [];
    const results = [];
    for (let roundNo = 1; roundNo <= ROUNDS; roundNo++) {
      for (const size of SIZES) {
        for (const [index, build] of BUILDS.entries()) {
          const page = pages[index]!;
          await page.goto(`/bots/${botIds.get(size)}`);
          const openMs = await timeToAllRendered(page, size);
          const elementsPerStep = await page.evaluate<number>(
            `document.querySelectorAll('.react-flow__node, .react-flow__node *').length / document.querySelectorAll('.react-flow__node').length`,
          );
          const pan = await panFps(page);
          await page.goto('/'); // leave the editor so the next build measures on an idle machine
          const result = {
            build: build.label,
            round: roundNo,
            steps: size,
            openMs: Math.round(openMs),
            panFps: round(pan.fps, 1),
            worstFrameMs: Math.round(pan.worstFrameMs),
            openingZoom: round(pan.zoom, 2),
            elementsPerStep: round(elementsPerStep, 1),
            panMainThread: pan.mainThread,
          };
          results.push(result);
          log(JSON.stringify(result));
          const name = `${BUILDS.length > 1 ? `${build.label}, ` : ''}${ROUNDS > 1 ? `round ${roundNo}, ` : ''}${size} steps`;
          rows.push([`${name}: open until all rendered`, `${result.openMs} ms`]);
          rows.push([`${name}: panning (fps, worst frame)`, `${result.panFps} fps, ${result.worstFrameMs} ms`]);
          rows.push([`${name}: opening zoom, DOM elements per step`, `${result.openingZoom}, ${result.elementsPerStep}`]);
          rows.push([`${name}: main thread while panning`, result.panMainThread]);
        }
      }
    }
    console.log('\n' + table(rows));
    console.log(`BENCH_STUDIO_RESULT ${JSON.stringify(results)}`);
  } finally {
    await browser.close().catch(() => undefined);
    await Promise.all(servers.map((server) => server.stop()));
    await mongo.stop();
  }
}

await main();
