import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The example data a fresh install starts with (an invented municipality, "Exempelkommun"). Replace it by importing
 * your own files; see docs/ansvarsmatris.md.
 */
export const STARTER_FILES = ['organisation.csv', 'roller.csv', 'personer.csv', 'ansvarsmatris.csv', 'vokabular.csv'] as const;

// From source (starter-data/) the files sit next to this module; from the build (dist/starter-data/) two levels up.
const CANDIDATES = [new URL('./', import.meta.url), new URL('../../starter-data/', import.meta.url)];

export async function starterDataDir(): Promise<string> {
  for (const dir of CANDIDATES) {
    try {
      await access(new URL(STARTER_FILES[0], dir));
      return fileURLToPath(dir);
    } catch {
      // try the next place
    }
  }
  throw new Error('starter-data/ not found next to the program; reinstall or import your own data with the CLI.');
}

export async function starterDataFiles(): Promise<Array<{ name: string; data: Uint8Array }>> {
  const dir = await starterDataDir();
  return Promise.all(STARTER_FILES.map(async (name) => ({ name, data: await readFile(join(dir, name)) })));
}
