import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdminErrors } from '../../domain/admin/errors.js';
import { AnsvarErrors } from '../../domain/ansvarsmatris/errors.js';
import { operatorHint, userText } from '../../domain/error-text.js';
import { AppError, errorCatalogue, errorCatalogues, type ErrorCode, type ErrorParams } from '../../domain/errors.js';
import { ReminderErrors } from '../../domain/paminnelser/errors.js';
import { PrivacyErrors } from '../../domain/privacy/errors.js';
import { RetentionErrors } from '../../domain/retention/errors.js';

/** Any parameter a text asks for comes back as `{name}`, so every text can be rendered without knowing its params. */
const anyParams = new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? `{${key}}` : undefined) }) as ErrorParams;
const SWEDISH = /[åäöÅÄÖ]|\b(och|inte|att|det|du|kan|finns|en|ett|som|med|ingen|inget|ingenting|fel|ogiltigt?)\b/i;
const ENGLISH = /\b(the|is|not|no|to|of|an?|you|can|was|there|invalid)\b/i;
const codes = Object.keys(errorCatalogue) as ErrorCode[];

/** Codes whose cause an operator fixes (storage, configuration, stored documents, delivery): these need a hint. */
const OPERATIONAL = /storage|unavailable|unreachable|corrupt|bad_settings|no_recipient|no_units|delivery|config/;

describe('the error catalogue', () => {
  it('every subject keeps to its own code prefix, so no two catalogues can share a code', () => {
    for (const [prefix, catalogue] of Object.entries(errorCatalogues)) {
      for (const code of Object.keys(catalogue)) expect(code.startsWith(`${prefix}.`) || (prefix === 'common' && code.startsWith('forms.')), code).toBe(true);
    }
    const total = Object.values(errorCatalogues).reduce((n, c) => n + Object.keys(c).length, 0);
    expect(codes).toHaveLength(total);
  });

  it.each(codes)('%s has a Swedish text and an English one', (code) => {
    const sv = userText(new AppError(code, anyParams), 'sv');
    const en = userText(new AppError(code, anyParams), 'en');
    expect(sv.trim().length).toBeGreaterThan(10);
    expect(en.trim().length).toBeGreaterThan(10);
    expect(sv).not.toBe(en);
    expect(sv, 'the user text is Swedish').toMatch(SWEDISH);
    expect(sv, 'the user text is not English').not.toMatch(ENGLISH);
    expect(en, 'the second text is English').toMatch(ENGLISH);
    expect(`${sv} ${en}`, 'no parameter is left undefined').not.toMatch(/undefined/);
  });

  it.each(codes.filter((c) => OPERATIONAL.test(c)))('%s says how an operator fixes it', (code) => {
    const hint = operatorHint(code);
    expect(hint?.trim().length ?? 0).toBeGreaterThan(20);
  });

  it('every code is raised somewhere in the running app (no entry that nothing throws)', () => {
    const byName: Record<string, string> = {};
    for (const [object, names] of Object.entries({ AdminErrors, AnsvarErrors, ReminderErrors, PrivacyErrors, RetentionErrors })) {
      for (const [name, code] of Object.entries(names)) byName[code] = `${object}.${name}`;
    }
    const root = path.resolve(import.meta.dirname, '../..');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'test', 'dist', 'data', '.git'].includes(e.name)) continue;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts') && e.name !== 'errors.ts') sources.push(readFileSync(full, 'utf8'));
      }
    };
    walk(root);
    const all = sources.join('\n');
    const unused = codes.filter((code) => !all.includes(`'${code}'`) && !(byName[code] && all.includes(byName[code])));
    expect(unused).toEqual([]);
  });

  it('a subject catalogue is data: it takes only types from domain/errors.ts, so the assembly there has no import cycle', () => {
    const domain = path.resolve(import.meta.dirname, '../../domain');
    const files = readdirSync(domain, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(domain, e.name, 'errors.ts'))
      .filter((f) => existsSync(f));
    expect(files.length).toBe(Object.keys(errorCatalogues).length - 1);
    for (const file of files) {
      const imports = readFileSync(file, 'utf8').match(/^import .*$/gm) ?? [];
      for (const line of imports.filter((l) => l.includes("'../errors.js'"))) expect(line, file).toMatch(/^import type /);
    }
  });

  it('turns an error into its Swedish text; anything else is "något gick fel"', () => {
    expect(userText(new AppError('cases.stale', { number: 'AVV-2026-0001', status: 'Mottagen' }))).toContain('AVV-2026-0001 har redan ändrats');
    expect(userText(new AppError('cases.stale', { number: 'AVV-2026-0001', status: 'Mottagen' }), 'en')).toContain('has already been changed');
    expect(userText(new Error('boom'))).toBe(errorCatalogue['common.unexpected'].sv);
    expect(operatorHint('common.storage_unavailable')).toContain('MONGODB_URI');
    expect(operatorHint('cases.forbidden')).toBeUndefined();
  });

  it('an unknown code cannot be constructed (the type check proves it)', () => {
    // @ts-expect-error 'no.such_code' is not in the catalogue
    const unknown = new AppError('no.such_code');
    // Should a code come from outside the type system anyway, the person still gets a Swedish text.
    expect(userText(unknown)).toBe(errorCatalogue['common.unexpected'].sv);
  });
});
