import { describe, expect, it } from 'vitest';
import type { AuditEntry, StoredCase } from '../../../domain/cases/types.js';
import { anonymiseAuditEntry, anonymiseCase, ANONYMISED } from '../../../domain/retention/anonymise.js';
import { retentionRules, retentionSettings } from '../../../domain/retention/settings.js';
import { avvikelseDocSchema } from '../../../domain/avvikelser/schema.js';

const NOW = new Date('2031-04-03T01:30:00Z');
const closed = new Date('2026-04-02T08:00:00Z');

function avvikelse(extra: Record<string, unknown> = {}): StoredCase {
  return {
    _id: 'c1',
    kind: 'avvikelse',
    number: 'AVV-2026-0001',
    type: 'lex_sarah',
    status: 'avslutad',
    version: 7,
    unitId: 'boende-a',
    unitName: 'Solgården',
    unitPath: ['kommun', 'boende-a'],
    reporter: { personId: 'mona', name: 'Mona M', email: 'mona@kommun.example', channel: 'teams', channelUserId: 'aad-1' },
    idempotencyToken: 'tok-123456',
    handlerIds: ['anna', 'frida'],
    watcherIds: ['rolf'],
    createdAt: closed,
    updatedAt: closed,
    closedAt: closed,
    period: { year: 2026, month: 4 },
    deadlines: {},
    nextDueAt: null,
    routing: { usedFallback: false, missingRoles: [] },
    details: { location: 'Rum 4', description: 'Brukaren föll', immediateActions: 'x', improvement: 'y', measure: 'z', supplementRequests: [{ at: closed, byName: 'Anna', question: 'q' }], supplements: [] },
    outbox: [{ id: 'e1', type: 'notify' }],
    occurredAt: closed,
    risk: { konsekvens: 3, sannolikhet: 2, score: 6, level: 'medel' },
    informed: 'ja',
    measureRecorded: true,
    assessment: 'allvarligt',
    acknowledgedAt: closed,
    acknowledgedBy: 'anna',
    ivo: { reportedAt: closed, reference: 'IVO 3.5.1-12345/2026' },
    ...extra,
  } as StoredCase;
}

describe('anonymiseCase', () => {
  it('keeps statistics fields, drops identities, free text and unknown fields, and stays a valid avvikelse', () => {
    const out = anonymiseCase(avvikelse({ futureField: 'Kalle Klient 19121212-1212' }), NOW, 10) as Record<string, unknown>;
    const parsed = avvikelseDocSchema.parse(out);
    expect(parsed).toMatchObject({ type: 'lex_sarah', status: 'avslutad', unitId: 'boende-a', unitName: 'Solgården', assessment: 'allvarligt', informed: 'ja', version: 8 });
    expect(parsed.risk.score).toBe(6);
    expect(parsed.ivo).toEqual({ reportedAt: closed, reference: '' });
    expect(parsed.reporter).toEqual({ personId: ANONYMISED, name: ANONYMISED });
    expect(out.acknowledgedBy).toBeUndefined();
    expect(out.futureField).toBeUndefined();
    expect(out.outbox).toEqual([]);
    expect(out.retention).toEqual({ action: 'anonymise', at: NOW, years: 10, auditDone: false });
    const text = JSON.stringify(out);
    for (const s of ['Mona', 'mona', 'anna', 'frida', 'rolf', 'Rum 4', 'föll', 'aad-1', '12345', 'Kalle', 'tok-123456']) expect(text).not.toContain(s);
  });
});

describe('anonymiseAuditEntry', () => {
  const entry: AuditEntry = {
    _id: 'c1:4',
    caseId: 'c1',
    caseNumber: 'AVV-2026-0001',
    at: closed,
    actorId: 'anna',
    actorName: 'Anna Enhetschef',
    action: 'escalated',
    fromStatus: 'ny',
    toStatus: 'ny',
    data: { to: 'ava,frida', fromUnitId: 'boende-a', ivoReference: 'IVO-1' },
  };

  it('removes the actor and person ids, keeps what happened and when; is idempotent', () => {
    const once = anonymiseAuditEntry(entry);
    expect(once).toEqual({ ...entry, actorId: ANONYMISED, actorName: ANONYMISED, data: { fromUnitId: 'boende-a' } });
    expect(anonymiseAuditEntry(once)).toEqual(once);
  });

  it('keeps the system actor (not a person)', () => {
    expect(anonymiseAuditEntry({ ...entry, actorId: 'system', actorName: 'Kvalitetsboten', data: { to: 'ava' } })).toEqual({
      ...entry,
      actorId: 'system',
      actorName: 'Kvalitetsboten',
      data: undefined,
    });
  });
});

describe('retention settings', () => {
  it('has a rule for every case type, with the documented defaults', () => {
    const rules = retentionRules(retentionSettings());
    expect(rules.map((r) => `${r.kind}.${r.type}=${r.rule.years}/${r.rule.action}`)).toEqual([
      'avvikelse.avvikelse=5/anonymise',
      'avvikelse.lex_sarah=10/anonymise',
      'avvikelse.lex_maria=10/anonymise',
      'synpunkt.klagomal=2/anonymise',
      'synpunkt.synpunkt=2/anonymise',
      'synpunkt.forslag=2/anonymise',
      'synpunkt.berom=2/anonymise',
    ]);
  });

  it('refuses a retention shorter than a year', () => {
    expect(() => retentionSettings({ avvikelse: { avvikelse: { years: 0 } } })).toThrow();
  });
});
