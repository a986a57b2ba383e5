// A TCP proxy in front of the database that counts the requests the server sends over MongoDB's
// wire protocol, by command name (find, update, findAndModify...). It sees every round trip of
// every client in the server process (mongoose, Agenda) whatever code issues it, so the count
// stays honest across rewrites of the server's internals.
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

const OP_MSG = 2013;
const OP_QUERY = 2004; // only the driver's very first handshake, if any
const OP_COMPRESSED = 2012;

export interface CommandCounts {
  total: number;
  /** command name (plus collection when the command names one) -> requests */
  byCommand: Record<string, number>;
}

export interface CountingProxy {
  uri: string;
  counts(): CommandCounts;
  close(): Promise<void>;
}

/** The command a request carries: the first key of an OP_MSG body section, and its collection. */
function commandOf(frame: Buffer): string {
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_COMPRESSED) return 'compressed';
  if (opCode === OP_QUERY) return 'legacy query';
  if (opCode !== OP_MSG || frame.length < 27) return `opcode ${opCode}`;
  if (frame[20] !== 0) return 'unknown'; // the body section (kind 0) comes first in what drivers send
  const type = frame[25];
  const nameEnd = frame.indexOf(0, 26);
  if (nameEnd < 0) return 'unknown';
  const name = frame.toString('utf8', 26, nameEnd);
  if (type !== 0x02 || nameEnd + 5 > frame.length) return name; // not {command: "collection"}
  const length = frame.readInt32LE(nameEnd + 1);
  const collection = frame.toString('utf8', nameEnd + 5, Math.min(frame.length, nameEnd + 5 + length - 1));
  return `${name} ${collection}`;
}

export async function startCountingProxy(upstreamUri: string): Promise<CountingProxy> {
  const m = /^mongodb:\/\/([^/:]+):(\d+)(\/[^?]*)?(\?.*)?$/.exec(upstreamUri);
  if (!m) throw new Error(`the counting proxy needs a plain mongodb://host:port URI, got ${upstreamUri}`);
  const [, host, port, path, query] = m;
  let total = 0;
  const byCommand: Record<string, number> = {};
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = createConnection({ host: host!, port: Number(port) });
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      // a chunk may hold several messages or part of one: count whole frames only
      while (pending.length >= 16) {
        const size = pending.readInt32LE(0);
        if (pending.length < size) break;
        const command = commandOf(pending.subarray(0, size));
        total++;
        byCommand[command] = (byCommand[command] ?? 0) + 1;
        pending = pending.subarray(size);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const listen = (server.address() as AddressInfo).port;
  return {
    uri: `mongodb://127.0.0.1:${listen}${path ?? ''}${query ?? ''}`,
    counts: () => ({ total, byCommand: { ...byCommand } }),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** Requests between two readings, by command, largest first. */
export function countsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const byCommand: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byCommand)) {
    const d = v - (before.byCommand[k] ?? 0);
    if (d > 0) byCommand[k] = d;
  }
  return { total: after.total - before.total, byCommand: Object.fromEntries(Object.entries(byCommand).sort((a, b) => b[1] - a[1])) };
}
