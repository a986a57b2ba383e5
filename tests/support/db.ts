import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** A fresh database on the shared test server, so test files never see each other's data. */
export function freshDatabaseUri(label: string): string {
  return `${inject('mongoBaseUri')}/t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}
