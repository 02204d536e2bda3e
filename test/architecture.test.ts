import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  const out: string[] = [];
  if (!existsSync(full)) return out;
  for (const name of readdirSync(full)) {
    const p = path.join(full, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(path.join(dir, name)));
    else if (name.endsWith('.ts')) out.push(path.join(dir, name));
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  // `import … from 'x'`, `export … from 'x'`, a side-effect `import 'x'` and a dynamic `import('x')`.
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

const everything = ['app.ts', 'services.ts', ...['bot', 'cards', 'domain', 'storage', 'scheduler', 'cli', 'config', 'ops'].flatMap((d) => sourceFiles(d))];

/** What bot/ may use of domain/: the chat contract, the view model, the ids, errors, the clock and the privacy guard. */
const SHARED_KERNELS = /(^|\/)domain\/(chat|view|action-ids|errors|error-text|clock)\.js$|(^|\/)domain\/privacy\//;

describe('architecture', () => {
  it('keeps the core (domain/) free of SDKs, the database driver and web frameworks', () => {
    const offenders = sourceFiles('domain').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(@microsoft\/|@slack\/|mongodb|express|botbuilder)/.test(i) || /\/(storage|bot|scheduler|wiring)\/|(^|\/)services\.js$/.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps subject knowledge out of the transports: bot/ imports no domain/<subject>/, only the shared kernels', () => {
    const offenders = sourceFiles('bot').flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)domain\//.test(i) && !SHARED_KERNELS.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('wires by hand in one place: services.ts builds, nothing is left in a wiring/ folder', () => {
    expect(existsSync(path.join(root, 'wiring'))).toBe(false);
    const offenders = everything.flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)wiring\//.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps views out of the core: domain/ makes channel-neutral view models and imports nothing from cards/', () => {
    const offenders = sourceFiles('domain').flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)cards\//.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps every Agents SDK import inside bot/teams and every Slack import inside bot/slack', () => {
    const offenders = everything.flatMap((f) =>
      importsOf(f)
        .filter((i) => (i.startsWith('@microsoft/agents') && !f.startsWith('bot/teams/')) || (i.startsWith('@slack/') && !f.startsWith('bot/slack/')))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps cards/ pure presentation (no storage, no SDK)', () => {
    const offenders = sourceFiles('cards').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(@microsoft\/|@slack\/|mongodb|express)/.test(i) || /\/(storage|bot|scheduler)\//.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps storage/ and scheduler/ below the transports: no bot/, cards/ or services.ts; storage/ calls no scheduler/', () => {
    const offenders = [...sourceFiles('storage'), ...sourceFiles('scheduler')].flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)(bot|cards)\/|(^|\/)services\.js$/.test(i) || /^(@microsoft\/|@slack\/|express)/.test(i) || (f.startsWith('storage/') && /(^|\/)scheduler\//.test(i)))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
