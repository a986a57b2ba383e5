import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../scripts/generate-types';

describe('generated types', () => {
  it('are up to date with the schemas (run npm run gen:types after editing a schema)', async () => {
    const fresh = await generate();
    for (const [file, text] of Object.entries(fresh)) {
      expect(readFileSync(join(import.meta.dirname, 'generated', file), 'utf8'), file).toBe(text);
    }
  });
});
