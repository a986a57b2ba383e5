// The ceiling: an Express 5 hello world, run as its own process by the bench (`node --import tsx
// tests/bench/express-hello-world.ts`) and driven by the same client at the same concurrency as
// Botloom. Prints "listening <port>" once ready.
import express from 'express';
import type { AddressInfo } from 'node:net';

const app = express();
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
server.keepAliveTimeout = 30_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
