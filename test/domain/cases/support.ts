import type { Db } from 'mongodb';
import type { MessageView } from '../../../domain/view.js';
import { ManualClock } from '../../support/manual-clock.js';
import type { DeadlineSink, CaseDirectory, Notifier } from '../../../domain/cases/ports.js';
import { caseSettings, type CaseSettingsInput } from '../../../domain/cases/settings.js';
import type { DeadlineKind, DeadlineRequest, NotificationRequest, CasePerson, Unit } from '../../../domain/cases/types.js';
import { ensureCaseIndexes, MongoAuditStore, MongoCaseStore } from '../../../storage/cases.js';

/** A small organisation: kommun → vård och omsorg → boende A / boende B (no enhetschef) ; kommun → IFO. */
export const units: Unit[] = [
  { id: 'kommun', name: 'Socialförvaltningen', parentId: null },
  { id: 'vof', name: 'Vård och omsorg', parentId: 'kommun' },
  { id: 'boende-a', name: 'Solgårdens särskilda boende', parentId: 'vof' },
  { id: 'boende-b', name: 'Ekbackens boende', parentId: 'vof' },
  { id: 'ifo', name: 'Individ- och familjeomsorg', parentId: 'kommun' },
];

const p = (id: string, name: string): CasePerson => ({ id, name, email: `${id}@kommun.example`, chat: { slack: `U_${id.toUpperCase()}` } });
export const people = {
  anna: p('anna', 'Anna Enhetschef'),
  ivar: p('ivar', 'Ivar Enhetschef IFO'),
  ava: p('ava', 'Ava Avdelningschef'),
  frida: p('frida', 'Frida Förvaltningschef'),
  maria: p('maria', 'Maria MAS'),
  rolf: p('rolf', 'Rolf Registrator'),
  kalle: p('kalle', 'Kalle Kvalitetsansvarig'),
  adam: p('adam', 'Adam Admin'),
  mona: p('mona', 'Mona Medarbetare'),
  otto: p('otto', 'Otto Obehörig'),
  ulla: p('ulla', 'Ulla Utredare'),
  sam: p('sam', 'Sam Nämndsekreterare'),
};

/** role → unit → holders; lookups walk up the unit tree like the ansvarsmatris does. */
const holders: Record<string, Record<string, CasePerson[]>> = {
  enhetschef: { 'boende-a': [people.anna], ifo: [people.ivar] },
  avdelningschef: { vof: [people.ava] },
  förvaltningschef: { kommun: [people.frida] },
  MAS: { kommun: [people.maria] },
  registrator: { kommun: [people.rolf] },
  kvalitetsansvarig: { kommun: [people.kalle] },
  utredare: { kommun: [people.ulla] },
  nämndsekreterare: { kommun: [people.sam] },
};
const managers: Record<string, CasePerson[]> = { anna: [people.ava], ivar: [people.frida], ava: [people.frida], maria: [people.frida] };

export class FakeDirectory implements CaseDirectory {
  calls = 0;
  async holdersOf(role: string, unitId: string): Promise<CasePerson[]> {
    this.calls += 1;
    let unit = units.find((u) => u.id === unitId);
    while (unit) {
      const found = holders[role]?.[unit.id];
      if (found?.length) return found;
      unit = units.find((u) => u.id === unit!.parentId);
    }
    return [];
  }
  async managerOf(personId: string): Promise<CasePerson[]> {
    return managers[personId] ?? [];
  }
  async findPersonByEmail(email: string): Promise<CasePerson | null> {
    return Object.values(people).find((x) => x.email === email) ?? null;
  }
  async unitById(unitId: string): Promise<Unit | null> {
    return units.find((u) => u.id === unitId) ?? null;
  }
  async isAdmin(person: CasePerson): Promise<boolean> {
    return person.id === 'adam';
  }
  async admins(): Promise<CasePerson[]> {
    return [people.adam];
  }
}

/** Records notifications like the outbox would: one per dedupe key. */
export class RecordingNotifier implements Notifier {
  readonly byKey = new Map<string, NotificationRequest>();
  fail = false;
  async enqueue(request: NotificationRequest): Promise<void> {
    if (this.fail) throw new Error('outbox down');
    if (!this.byKey.has(request.dedupeKey)) this.byKey.set(request.dedupeKey, structuredClone(request));
  }
  all(): NotificationRequest[] {
    return [...this.byKey.values()];
  }
  to(personId: string, kind?: string): NotificationRequest[] {
    return this.all().filter((n) => n.recipientPersonId === personId && (!kind || n.kind === kind));
  }
  clear(): void {
    this.byKey.clear();
  }
}

export class RecordingDeadlines implements DeadlineSink {
  readonly active = new Map<string, DeadlineRequest>();
  async upsertCaseDeadline(deadline: DeadlineRequest): Promise<void> {
    this.active.set(`${deadline.caseId}:${deadline.kind}`, structuredClone(deadline));
  }
  async cancelCaseDeadline(caseId: string, kind?: DeadlineKind): Promise<void> {
    for (const key of [...this.active.keys()]) if (key === `${caseId}:${kind}` || (!kind && key.startsWith(`${caseId}:`))) this.active.delete(key);
  }
  get(caseId: string, kind: DeadlineKind): DeadlineRequest | undefined {
    return this.active.get(`${caseId}:${kind}`);
  }
}

export async function caseDeps(db: Db, start: Date, settings: CaseSettingsInput = {}) {
  await ensureCaseIndexes(db);
  const clock = new ManualClock(start);
  const notifier = new RecordingNotifier();
  const deadlines = new RecordingDeadlines();
  const directory = new FakeDirectory();
  let n = 0;
  const newId = () => `case-${(n += 1)}-${Math.random().toString(36).slice(2, 8)}`;
  const store = new MongoCaseStore(db, { notifier, deadlines, newId });
  const audit = new MongoAuditStore(db);
  return {
    clock,
    notifier,
    deadlines,
    directory,
    store,
    audit,
    settings: caseSettings(settings),
    newId,
  };
}

/** Every string anywhere inside a message view (to prove no free text leaks into chat). */
export function viewStrings(view: MessageView): string {
  return JSON.stringify(view);
}

export const SENTINEL = 'SENTINEL-Klientuppgift-Xyzzy';
