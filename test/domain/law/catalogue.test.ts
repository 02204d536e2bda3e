import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citationOf, cite, legalReferences } from '../../../domain/law/catalogue.js';

const allCitations = () => [...legalReferences.values()].map(citationOf);

const root = path.resolve(import.meta.dirname, '../../..');

function files(dir: string, exts: string[]): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(path.join(root, p)).isDirectory()) return name === 'images' ? [] : files(p, exts);
    return exts.some((e) => name.endsWith(e)) ? [p] : [];
  });
}

const P = '\\d+(?: ?[a-z])?(?:–\\d*(?: ?[a-z])?)?';
const CHAP_PARA = `(?: \\d+ kap\\.)?(?: ${P} §§?)?`;
/** Anything that looks like a legal reference: a regulation number, an act by name or short name, with chapter/paragraph. */
const REFERENCE = new RegExp(
  [
    `\\b(?:SOSFS|HSLF-FS|AFS) \\d{4}:\\d+${CHAP_PARA}`,
    `\\b(?:SoL|LSS|PSL|HSL|KL|LOU|LOV|OSL)\\b(?: \\(\\d{4}:\\d+\\))?${CHAP_PARA}`,
    `(?<![\\p{L}])[A-ZÅÄÖa-zåäö][a-zåäö]*(?:- och [a-zåäö]+)?(?:lagen|förordningen)(?: \\(\\d{4}:\\d+\\))?${CHAP_PARA}`,
  ].join('|'),
  'gu',
);
/** What must never stand on its own: an SFS number, or a chapter/paragraph without its act. */
const ORPHAN = /\b\d{4}:\d+\b|\b\d+ kap\.|(?:^|[\s(])\d+(?: ?[a-z])? §/g;

/** Reference-looking strings in a text that are not catalogue citations, and orphans left after removing citations. */
function offenders(text: string): string[] {
  const allowed = new Set(allCitations());
  // Short names alone are fine (they name an act that is in the catalogue); anything longer must be a citation.
  const shortNames = new Set(['SoL', 'LSS', 'HSL', 'PSL', 'Socialtjänstlagen', 'Patientsäkerhetslagen', 'Kommunallagen', 'Dataskyddsförordningen', 'Hälso- och sjukvårdslagen', 'Patientdatalagen', 'Arkivlagen', 'LOU', 'LOV']);
  const bad: string[] = [];
  const rest = text.replace(REFERENCE, (found) => {
    // "socialtjänstlagen (2025:400)" in a sentence is the same citation as at the start of one.
    const match = found.charAt(0).toUpperCase() + found.slice(1);
    if (!allowed.has(match) && !shortNames.has(match) && !shortNames.has(found)) bad.push(found);
    return ' ';
  });
  for (const m of rest.matchAll(ORPHAN)) bad.push(m[0].trim());
  return bad;
}

describe('legal reference catalogue', () => {
  it('cites chapters and paragraphs in the usual Swedish form', () => {
    expect(cite('sosfs-2011-9-5-3-6')).toBe('SOSFS 2011:9 5 kap. 3–6 §§');
    expect(cite('psl-3-8')).toBe('Patientsäkerhetslagen (2010:659) 3 kap. 8 §');
    expect(cite('lss-24')).toBe('LSS 24 a–g §§');
    expect(cite('sol')).toBe('Socialtjänstlagen (2025:400)');
    expect(legalReferences.get('sol')!.inForceFrom).toBe('2025-07-01');
    expect(legalReferences.get('afs-2023-1')!.inForceFrom).toBe('2025-01-01');
  });

  it('has no outdated act in it and no paragraph of the new socialtjänstlag', () => {
    const all = allCitations().join('\n');
    expect(all).not.toMatch(/2001:453|AFS 2001:1/);
    expect(legalReferences.get('sol')!.paragraph).toBeUndefined();
    expect(legalReferences.get('sol')!.chapter).toBeUndefined();
  });

  it('the scanner catches what it should (so the next test can fail)', () => {
    expect(offenders('SoL 14 kap. 3 §, LSS 24 b §')).toEqual(['SoL 14 kap. 3 §', 'LSS 24 b §']);
    expect(offenders('AFS 2001:1')).toEqual(['AFS 2001:1']);
    expect(offenders('socialtjänstlagen (2001:453)')).toEqual(['socialtjänstlagen (2001:453)']);
    expect(offenders('enligt socialtjänstlagen (2025:400)')).toEqual([]);
    expect(offenders('SOSFS 2011:9 5 kap. 7 §')).toEqual(['SOSFS 2011:9 5 kap. 7 §']);
    expect(offenders('Topics (5 kap. 6 §)')).toEqual(['5 kap.', '6 §']);
    expect(offenders('SOSFS 2011:9 5 kap. 3–6 §§ och Socialtjänstlagen (2025:400)')).toEqual([]);
  });

  const scanned = [
    ...files('starter-data', ['.csv', '.md']),
    ...files('cards', ['.ts']),
    ...files('docs', ['.md']),
    ...files('domain/avvikelser', ['.ts']),
    ...files('domain/synpunkter', ['.ts']),
  ];

  it('every legal reference in the starter data, cards and docs is a citation from the catalogue', () => {
    expect(scanned.length).toBeGreaterThan(20);
    const found = scanned.flatMap((file) => offenders(readFileSync(path.join(root, file), 'utf8')).map((ref) => `${file}: ${ref}`));
    expect(found).toEqual([]);
  });

  it('the starter matrix cites the current acts for lex Sarah, lex Maria and the work environment', () => {
    const matrix = readFileSync(path.join(root, 'starter-data/ansvarsmatris.csv'), 'utf8');
    expect(matrix).toContain(cite('sol'));
    expect(matrix).toContain(cite('psl-3-5'));
    expect(matrix).toContain(cite('psl-3-8'));
    expect(matrix).toContain(cite('afs-2023-1'));
    expect(matrix).not.toMatch(/2001:453|AFS 2001:1|14 kap\./);
  });
});
