import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsMarkdown } from '../../scripts/errors-doc.js';

describe('docs/errors.md', () => {
  it('is the table the catalogue makes today (run `npm run docs:errors` after changing a code)', () => {
    const file = path.resolve(import.meta.dirname, '../../docs/errors.md');
    expect(readFileSync(file, 'utf8')).toBe(errorsMarkdown());
  });
});
