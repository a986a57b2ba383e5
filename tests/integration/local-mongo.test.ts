// Proves the zero-setup local server (mongo-java-server) is good enough for what the app uses:
// mongoose 9 CRUD, unique indexes, atomic updates, aggregation and Agenda 6 job scheduling.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { Agenda } from 'agenda';
import { MongoBackend, type Db } from '@agendajs/mongo-backend';
import { startLocalMongo, type LocalMongo } from '../../server/src/adapters/mongo/local-mongo.js';

// The first run may download the jars with Maven.
const SLOW = { timeout: 180_000 };

describe('local mongo (in-memory)', SLOW, () => {
  let server: LocalMongo;
  let conn: Connection;

  beforeAll(async () => {
    server = await startLocalMongo({});
    conn = await mongoose.createConnection(server.uri).asPromise();
  }, SLOW.timeout);

  afterAll(async () => {
    await conn?.close();
    await server?.stop();
  }, SLOW.timeout);

  it('returns an in-memory 127.0.0.1 uri', () => {
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/botloom$/);
    expect(server.persistent).toBe(false);
  });

  it('inserts and finds documents', async () => {
    const Note = conn.model('Note', new mongoose.Schema({ text: String, tags: [String] }));
    await Note.create([
      { text: 'a', tags: ['x'] },
      { text: 'b', tags: ['x', 'y'] },
    ]);
    const found = await Note.find({ tags: 'y' }).lean();
    expect(found.map((n) => n.text)).toEqual(['b']);
  });

  it('enforces unique indexes with E11000', async () => {
    const User = conn.model('User', new mongoose.Schema({ email: { type: String, unique: true } }));
    await User.init(); // builds the index
    await User.create({ email: 'a@example.com' });
    await expect(User.create({ email: 'a@example.com' })).rejects.toMatchObject({ code: 11000 });
  });

  it('upserts with findOneAndUpdate returning the new document', async () => {
    const Counter = conn.model('Counter', new mongoose.Schema({ key: String, n: Number }));
    const first = await Counter.findOneAndUpdate(
      { key: 'k' },
      { $inc: { n: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(first).toMatchObject({ key: 'k', n: 1 });
    const second = await Counter.findOneAndUpdate(
      { key: 'k' },
      { $inc: { n: 1 } },
      { returnDocument: 'after' },
    ).lean();
    expect(second?.n).toBe(2);
  });

  it('applies a conditional $inc only when the guard matches', async () => {
    const Wallet = conn.model('Wallet', new mongoose.Schema({ balance: Number }));
    const w = await Wallet.create({ balance: 7 });
    const spend = () => Wallet.updateOne({ _id: w._id, balance: { $gte: 5 } }, { $inc: { balance: -5 } });
    expect((await spend()).modifiedCount).toBe(1);
    expect((await spend()).modifiedCount).toBe(0); // balance 2 < 5: untouched
    expect((await Wallet.findById(w._id).lean())?.balance).toBe(2);
  });

  it('aggregates with $group', async () => {
    const Sale = conn.model('Sale', new mongoose.Schema({ region: String, amount: Number }));
    // mongo-java-server can lose writes that race mongoose's background createCollection:
    // the app awaits every model's init() at start-up for the same reason
    await Sale.init();
    await Sale.insertMany([
      { region: 'n', amount: 1 },
      { region: 'n', amount: 2 },
      { region: 's', amount: 5 },
    ]);
    const rows = await Sale.aggregate<{ _id: string; total: number }>([
      { $group: { _id: '$region', total: { $sum: '$amount' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(rows).toEqual([
      { _id: 'n', total: 3 },
      { _id: 's', total: 5 },
    ]);
  });

  // Documents quirks of mongo-java-server 1.47 so nobody relies on them locally.
  it('honours sparse unique indexes but ignores partialFilterExpression', async () => {
    const sparse = conn.db!.collection('sparse');
    await sparse.createIndex({ email: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }]); // missing field: not indexed, no conflict
    await expect(sparse.insertMany([{ email: 'x' }, { email: 'x' }])).rejects.toMatchObject({ code: 11000 });

    const partial = conn.db!.collection('partial');
    await partial.createIndex(
      { email: 1 },
      { unique: true, partialFilterExpression: { email: { $type: 'string' } } },
    );
    // Real MongoDB allows this (docs without a string email are outside the index); here it collides on null.
    await expect(partial.insertMany([{ a: 1 }, { a: 2 }])).rejects.toMatchObject({ code: 11000 });
  });

  it('runs an Agenda 6 job scheduled 1 s ahead', async () => {
    // Share the mongoose connection's Db: Agenda does not own it, so stop() leaves it open.
    // The cast is only needed because mongoose nests its own (older) mongodb driver copy, whose
    // Db type is nominally different from the one @agendajs/mongo-backend is typed against.
    const db = conn.db as unknown as Db;
    const agenda = new Agenda({ backend: new MongoBackend({ mongo: db }), processEvery: 200 });
    let resolveRan!: (data: unknown) => void;
    const ran = new Promise((r) => (resolveRan = r));
    agenda.define('ping', async (job) => resolveRan(job.attrs.data));
    await agenda.start();
    try {
      const scheduledAt = Date.now();
      await agenda.schedule(new Date(scheduledAt + 1000), 'ping', { hello: 'world' });
      expect(await ran).toEqual({ hello: 'world' });
      expect(Date.now() - scheduledAt).toBeGreaterThanOrEqual(900);
    } finally {
      await agenda.stop();
    }
  });
});

describe('local mongo (H2 file under dataDir)', SLOW, () => {
  let dataDir: string;
  beforeAll(async () => (dataDir = await mkdtemp(join(tmpdir(), 'botloom-local-mongo-'))));
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  async function withServer<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    const server = await startLocalMongo({ dataDir: join(dataDir, 'nested') });
    expect(server.persistent).toBe(true);
    const conn = await mongoose.createConnection(server.uri).asPromise();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
      await server.stop();
    }
  }

  it('keeps data across stop() and a restart on the same dir', async () => {
    const schema = new mongoose.Schema({ name: { type: String, unique: true } });
    await withServer(async (conn) => {
      const Bot = conn.model('Bot', schema);
      await Bot.init();
      await Bot.create({ name: 'persisted' });
    });
    await withServer(async (conn) => {
      // Check the raw collection before mongoose could (re)build indexes: the unique index survived too.
      const indexes = await conn.db!.collection('bots').listIndexes().toArray();
      expect(indexes.map((i) => i.name)).toContain('name_1');
      const Bot = conn.model('Bot', schema);
      expect((await Bot.find().lean()).map((b) => b.name)).toEqual(['persisted']);
      await expect(Bot.create({ name: 'persisted' })).rejects.toMatchObject({ code: 11000 });
    });
  });
});
