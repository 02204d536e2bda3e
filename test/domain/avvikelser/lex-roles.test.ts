import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lexRoles } from '../../../domain/avvikelser/lex.js';
import { caseSettings } from '../../../domain/cases/settings.js';

const matrix = readFileSync(path.resolve(import.meta.dirname, '../../../starter-data/ansvarsmatris.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const [, aktivitet, ansvarig] = line.split(';');
    return { aktivitet: aktivitet!, roles: ansvarig!.split(',').map((r) => r.trim().toLowerCase()) };
  });

/** The matrix's responsible roles for an activity. */
const rolesOf = (aktivitet: string) => {
  const row = matrix.find((r) => r.aktivitet === aktivitet);
  expect(row, aktivitet).toBeDefined();
  return row!.roles;
};

describe('the lex steps take their default roles from the starter matrix', () => {
  const s = caseSettings();
  it('lex Sarah', () => {
    const r = lexRoles(s, 'lex_sarah');
    expect(rolesOf('Lex Sarah: ta emot rapport och åtgärda direkt')).toContain(r.receive.toLowerCase());
    expect(rolesOf('Lex Sarah: utreda missförhållandet')).toEqual(expect.arrayContaining([r.order.toLowerCase(), r.investigate.toLowerCase()]));
    expect(rolesOf('Lex Sarah: bedöma allvarligheten och anmäla till IVO')).toEqual(expect.arrayContaining([r.decide.toLowerCase(), r.ivo.toLowerCase()]));
    expect(rolesOf('Lex Sarah: följa upp beslutade åtgärder')).toContain(r.followUp.toLowerCase());
    expect(rolesOf('Lex Sarah och lex Maria: föra besked om IVO-anmälan och IVO:s beslut till nämnden')).toContain(r.namnd.toLowerCase());
  });
  it('lex Maria', () => {
    const r = lexRoles(s, 'lex_maria');
    for (const role of [r.investigate, r.decide, r.ivo]) expect(rolesOf('Lex Maria: analysera, utreda och anmäla vårdskador')).toContain(role.toLowerCase());
    expect(rolesOf('Lex Maria: informera patienten om en vårdskada')).toContain(r.investigate.toLowerCase());
    expect(rolesOf('Rapportera avvikelser i hälso- och sjukvården till MAS')).toContain(r.receive.toLowerCase());
  });
});
