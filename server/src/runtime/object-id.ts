// Ids in MongoDB's ObjectId form (12 bytes: seconds, a per-process random value, a counter), made
// here so a record's id is known before it is written: one round trip instead of a write and a read.
import { randomBytes } from 'node:crypto';

const processUnique = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

export function newObjectId(nowMs = Date.now()): string {
  counter = (counter + 1) % 0xffffff;
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  processUnique.copy(bytes, 4);
  bytes.writeUIntBE(counter, 9, 3);
  return bytes.toString('hex');
}
