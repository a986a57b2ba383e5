import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HttpBlockedError,
  HttpRequestError,
  createSafeHttp,
  parseAllowHosts,
} from "../../server/src/adapters/safe-http/safe-http.js";

type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
) => void;

interface TestServer {
  port: number;
  server: http.Server;
  seen: {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }[];
}

async function startServer(handler: Handler): Promise<TestServer> {
  const seen: TestServer["seen"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server, seen };
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

let api: TestServer; // allowed
let internal: TestServer; // NOT allowed (a "private" service on loopback)

beforeAll(async () => {
  internal = await startServer((_req, res) =>
    json(res, 200, { secret: "internal" }),
  );
  api = await startServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    switch (url.pathname) {
      case "/json":
        return json(res, 200, { ok: true, n: 1 });
      case "/echo":
        return json(res, 201, {
          method: req.method,
          contentType: req.headers["content-type"] ?? null,
          body,
        });
      case "/text":
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("hello world");
      case "/fail":
        return json(res, 500, { error: "boom" });
      case "/hang":
        return; // never responds
      case "/slow-body":
        res.writeHead(200, { "content-type": "application/json" });
        return res.write('{"partial":'); // never finishes
      case "/big-cl": {
        const payload = "x".repeat(2048);
        res.writeHead(200, {
          "content-type": "text/plain",
          "content-length": String(payload.length),
        });
        return res.end(payload);
      }
      case "/big-chunked": {
        const size = Number(url.searchParams.get("size") ?? 2048);
        res.writeHead(200, { "content-type": "text/plain" }); // no content-length -> chunked
        let sent = 0;
        const tick = (): void => {
          if (sent >= size || res.destroyed) return void res.end();
          const n = Math.min(512, size - sent);
          sent += n;
          res.write("y".repeat(n), () => setImmediate(tick));
        };
        return tick();
      }
      case "/redirect": {
        const status = Number(url.searchParams.get("status") ?? 302);
        res.writeHead(status, {
          location: url.searchParams.get("to") ?? "/json",
        });
        return res.end();
      }
      case "/loop":
        res.writeHead(302, { location: "/loop" });
        return res.end();
      default:
        return json(res, 404, { error: "not found" });
    }
  });
});

afterAll(async () => {
  for (const s of [api, internal]) {
    s.server.closeAllConnections();
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
  }
});

function client(extra: Parameters<typeof createSafeHttp>[0] = {}) {
  return createSafeHttp({
    allowHosts: [`127.0.0.1:${api.port}`],
    defaultTimeoutMs: 2000,
    ...extra,
  });
}

describe("parseAllowHosts", () => {
  it("splits, trims, lowercases and drops empties", () => {
    expect(parseAllowHosts(" LocalHost:4000, api.local ,,")).toEqual([
      "localhost:4000",
      "api.local",
    ]);
    expect(parseAllowHosts(undefined)).toEqual([]);
    expect(parseAllowHosts("")).toEqual([]);
  });
});

describe("safe-http: allowed destinations", () => {
  it("GETs JSON from an allowed host:port and parses it", async () => {
    const res = await client().request({
      url: `http://127.0.0.1:${api.port}/json`,
      method: "GET",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, n: 1 });
    expect(res.headers["content-type"]).toContain("application/json");
    expect(api.seen.at(-1)?.headers["user-agent"]).toBe("Botloom-Webhook/1.0");
  });

  it("an entry without port allows any port", async () => {
    const res = await createSafeHttp({ allowHosts: ["127.0.0.1"] }).request({
      url: `http://127.0.0.1:${api.port}/json`,
      method: "GET",
    });
    expect(res.status).toBe(200);
  });

  it("POSTs a JSON body with custom headers and it round-trips", async () => {
    const res = await client().request({
      url: `http://127.0.0.1:${api.port}/echo`,
      method: "POST",
      headers: { "X-Api-Key": "sekret", "User-Agent": "custom/2" },
      body: { name: "Ana", items: [1, 2] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      method: "POST",
      contentType: "application/json",
      body: '{"name":"Ana","items":[1,2]}',
    });
    const seen = api.seen.at(-1)!;
    expect(seen.headers["x-api-key"]).toBe("sekret");
    expect(seen.headers["user-agent"]).toBe("custom/2");
  });

  it("sends a string body as is, keeping the caller content-type", async () => {
    const res = await client().request({
      url: `http://127.0.0.1:${api.port}/echo`,
      method: "PUT",
      headers: { "content-type": "application/xml" },
      body: "<a>1</a>",
    });
    expect(res.body).toEqual({
      method: "PUT",
      contentType: "application/xml",
      body: "<a>1</a>",
    });
  });

  it("returns a non-JSON body as a string", async () => {
    const res = await client().request({
      url: `http://127.0.0.1:${api.port}/text`,
      method: "GET",
    });
    expect(res.body).toBe("hello world");
  });

  it("returns non-2xx statuses instead of throwing", async () => {
    const res = await client().request({
      url: `http://127.0.0.1:${api.port}/fail`,
      method: "GET",
    });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: "boom" });
  });
});

describe("safe-http: blocked destinations", () => {
  it("refuses the same server when it is not on the allow list", async () => {
    const p = createSafeHttp({}).request({
      url: `http://127.0.0.1:${api.port}/json`,
      method: "GET",
    });
    await expect(p).rejects.toBeInstanceOf(HttpBlockedError);
    await expect(p).rejects.toThrow(/127\.0\.0\.1.*loopback/);
  });

  it("host:port entries do not allow other ports", async () => {
    const p = client().request({
      url: `http://127.0.0.1:${internal.port}/`,
      method: "GET",
    });
    await expect(p).rejects.toBeInstanceOf(HttpBlockedError);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://0.0.0.0/",
    "http://100.64.1.1/",
  ])("refuses %s", async (url) => {
    await expect(
      client().request({ url, method: "GET" }),
    ).rejects.toBeInstanceOf(HttpBlockedError);
  });

  it("refuses IPv6 loopback and IPv4-mapped literals", async () => {
    for (const url of [
      `http://[::1]:${api.port}/`,
      `http://[::ffff:127.0.0.1]:${api.port}/`,
      "http://[fd00::1]/",
    ]) {
      await expect(
        client().request({ url, method: "GET" }),
      ).rejects.toBeInstanceOf(HttpBlockedError);
    }
  });

  it("refuses a hostname that resolves to loopback (checked after DNS, at connect time)", async () => {
    const p = client().request({
      url: `http://localhost:${api.port}/json`,
      method: "GET",
    });
    await expect(p).rejects.toBeInstanceOf(HttpBlockedError);
    await expect(p).rejects.toThrow(/localhost.*resolves to/);
  });

  it("refuses a redirect from an allowed host to a non-allowed loopback port", async () => {
    for (const to of [
      `http://127.0.0.1:${internal.port}/`,
      `http://localhost:${internal.port}/`,
    ]) {
      const before = internal.seen.length;
      const p = client().request({
        url: `http://127.0.0.1:${api.port}/redirect?to=${encodeURIComponent(to)}`,
        method: "GET",
      });
      await expect(p).rejects.toBeInstanceOf(HttpBlockedError);
      expect(internal.seen.length).toBe(before);
    }
  });

  it("refuses non-http schemes", async () => {
    const p = client().request({ url: "ftp://127.0.0.1/file", method: "GET" });
    await expect(p).rejects.toBeInstanceOf(HttpRequestError);
    await expect(p).rejects.toThrow(/unsupported URL scheme "ftp:"/);
    await expect(
      client().request({ url: "not a url", method: "GET" }),
    ).rejects.toThrow(/invalid URL/);
  });
});

describe("safe-http: redirects", () => {
  const base = () => `http://127.0.0.1:${api.port}`;

  it("follows a redirect within allowed hosts", async () => {
    const res = await client().request({
      url: `${base()}/redirect?to=/json`,
      method: "GET",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, n: 1 });
  });

  it("303 turns POST into GET without a body", async () => {
    const res = await client().request({
      url: `${base()}/redirect?status=303&to=/echo`,
      method: "POST",
      body: { a: 1 },
    });
    expect(res.body).toEqual({ method: "GET", contentType: null, body: "" });
  });

  it("307 keeps the method and body", async () => {
    const res = await client().request({
      url: `${base()}/redirect?status=307&to=/echo`,
      method: "POST",
      body: { a: 1 },
    });
    expect(res.body).toEqual({
      method: "POST",
      contentType: "application/json",
      body: '{"a":1}',
    });
  });

  it("drops credentials when a redirect changes origin, keeps other headers", async () => {
    const c = createSafeHttp({ allowHosts: ["127.0.0.1", "localhost"] });
    const to = `http://localhost:${api.port}/echo`;
    const res = await c.request({
      url: `${base()}/redirect?status=307&to=${encodeURIComponent(to)}`,
      method: "POST",
      headers: { Authorization: "Bearer t", "X-Trace": "1" },
      body: { a: 1 },
    });
    expect(res.status).toBe(201);
    const seen = api.seen.at(-1)!;
    expect(seen.headers["authorization"]).toBeUndefined();
    expect(seen.headers["x-trace"]).toBe("1");
  });

  it("fails after too many redirects", async () => {
    const p = client({ maxRedirects: 3 }).request({
      url: `${base()}/loop`,
      method: "GET",
    });
    await expect(p).rejects.toBeInstanceOf(HttpRequestError);
    await expect(p).rejects.toThrow(/too many redirects/);
  });
});

describe("safe-http: limits", () => {
  const base = () => `http://127.0.0.1:${api.port}`;

  it("times out a request that never answers", async () => {
    const p = client().request({
      url: `${base()}/hang`,
      method: "GET",
      timeoutMs: 150,
    });
    await expect(p).rejects.toBeInstanceOf(HttpRequestError);
    await expect(p).rejects.toThrow(/timed out after 150 ms/);
  });

  it("times out a body that never finishes", async () => {
    const p = client({ defaultTimeoutMs: 150 }).request({
      url: `${base()}/slow-body`,
      method: "GET",
    });
    await expect(p).rejects.toThrow(/timed out after 150 ms/);
  });

  it("refuses a response larger than maxBytes (content-length)", async () => {
    const p = client({ maxBytes: 1024 }).request({
      url: `${base()}/big-cl`,
      method: "GET",
    });
    await expect(p).rejects.toBeInstanceOf(HttpRequestError);
    await expect(p).rejects.toThrow("response larger than 1 KiB");
  });

  it("refuses a chunked response larger than maxBytes", async () => {
    const p = client({ maxBytes: 1024 }).request({
      url: `${base()}/big-chunked`,
      method: "GET",
    });
    await expect(p).rejects.toThrow("response larger than 1 KiB");
  });

  it("default cap is 1 MiB", async () => {
    const ok = await client().request({
      url: `${base()}/big-chunked?size=${1024 * 1024}`,
      method: "GET",
    });
    expect((ok.body as string).length).toBe(1024 * 1024);
    const p = client().request({
      url: `${base()}/big-chunked?size=${1024 * 1024 + 512}`,
      method: "GET",
    });
    await expect(p).rejects.toThrow("response larger than 1 MiB");
  });
});
