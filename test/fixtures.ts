// Data the tests read, kept in the repository under test/fixtures/ (each folder's README gives the
// source and licence).
import path from 'node:path';

export function fixturePath(...parts: string[]): string {
  return path.join(import.meta.dirname, 'fixtures', ...parts);
}

/** The Polis exports: test/fixtures/polis, or POLIS_DATA_DIR to run the same tests on other exports. */
export const POLIS_DATA_DIR = process.env.POLIS_DATA_DIR ?? fixturePath('polis');
