import type { AnsvarSnapshot, MatrixEntry, OrgPerson, Role, Unit } from './schema.js';
import { editDistance, fold, isStopWord, keptPerText, normalizeName, stem, tokens, words } from './text.js';

/**
 * The routing backbone: who holds which role where, and which roles own which activity. Pure and immutable, built
 * from one loaded snapshot; other features (avvikelser, påminnelser) ask it whom to notify.
 */
export interface OrgDirectory {
  readonly version: number;
  listUnits(): Unit[];
  unit(unitId: string): Unit | undefined;
  /** The unit and its ancestors, nearest first. */
  ancestorsOf(unitId: string): Unit[];
  /** Exact (case/accent-insensitive) match on name, short name or alias; then a small-typo match; undefined if unsure. */
  unitByNameOrAlias(text: string): Unit | undefined;
  listRoles(): Role[];
  role(roleId: string): Role | undefined;
  /** Role by name or alias, also in definite form ("enhetschefen", "MAS:en"). */
  roleByNameOrAlias(text: string): Role | undefined;
  /**
   * False when no run of two or more words starting with this word (lower case, as `words` gives it) can name a
   * role: a reader of a question skips those runs instead of looking each one up.
   */
  roleMayStartWith(word: string): boolean;
  /** False when no run of words starting with this word is written like a unit's name, short name or alias. */
  unitNameMayStartWith(word: string): boolean;
  person(personId: string): OrgPerson | undefined;
  findPersonByEmail(email: string): OrgPerson | undefined;
  findPersonByTeamsId(aadObjectId: string): OrgPerson | undefined;
  findPersonBySlackId(slackUserId: string): OrgPerson | undefined;
  unitsOfPerson(personId: string): Unit[];
  /**
   * People holding the role for the unit: the nearest holder walking up the tree from `unitId`. Without a unit:
   * every holder of the role, nearest the root first.
   */
  holdersOf(roleNameOrId: string, unitId?: string): OrgPerson[];
  /** Like holdersOf, but also tells at which unit the holders were found. */
  resolveRole(roleNameOrId: string, unitId?: string): { role: Role; unit?: Unit; holders: OrgPerson[] } | undefined;
  /**
   * Escalation: the holders of a managerial role for the unit, skipping the person themself, walking up the tree
   * (enhetschef → avdelningschef → förvaltningschef).
   */
  managerOf(personId: string, unitId: string): OrgPerson[];
  entries(): MatrixEntry[];
  entry(entryId: string): MatrixEntry | undefined;
  /** Entries where the role is one of the responsible roles, in matrix order. */
  entriesForRole(roleNameOrId: string): MatrixEntry[];
}

/** The first word of a text as normalizeName gives it; a word of letters and digits only is its own fold. */
function firstNormalised(word: string): string {
  const f = fold(word);
  return LETTERS_ONLY.test(f) ? f : normalizeName(word).split(' ')[0]!;
}
const LETTERS_ONLY = /^[\p{L}\p{N}]*$/u;

function definiteVariants(name: string): string[] {
  // "enhetschefen", "registratorn", "nämnden", "MAS:en", "socialchefens"
  const n = name.replace(/:\w+$/, '');
  const out = [n];
  for (const suffix of ['ens', 'en', 'ns', 'n', 's', 'et', 'ets', 'na', 'arna', 'erna', 'er', 'ar']) {
    if (n.endsWith(suffix) && n.length - suffix.length >= 2) out.push(n.slice(0, -suffix.length));
  }
  return out;
}

/** Role and unit look-ups kept per directory (each a short string and a reference). */
const LOOKUPS_KEPT = 10_000;

export function buildDirectory(snapshot: AnsvarSnapshot, version = 0): OrgDirectory {
  const units = new Map(snapshot.units.map((u) => [u.id, u]));
  const roles = new Map(snapshot.roles.map((r) => [r.id, r]));
  const people = new Map(snapshot.people.map((p) => [p.id, p]));
  const entries = new Map(snapshot.entries.map((e) => [e.id, e]));

  const unitNames = new Map<string, Unit>();
  for (const u of snapshot.units) {
    for (const n of [u.name, u.shortName, ...u.aliases, u.id]) if (n) unitNames.set(normalizeName(n), u);
  }
  // The names a misspelt unit may be matched against (see unitByNameOrAlias), listed once rather than per question.
  const fuzzyUnitNames = [...unitNames].filter(([name]) => name.length >= 5);
  const roleNames = new Map<string, Role>();
  for (const r of snapshot.roles) {
    for (const n of [r.name, ...r.aliases, r.id]) roleNames.set(normalizeName(n), r);
  }
  // Stemmed role names as well, for multi-word roles written in another inflection.
  const roleStems = new Map<string, Role>();
  const meaningStems = (n: string) => tokens(n).map((t) => t.stem).join(' ');
  for (const r of snapshot.roles) {
    for (const n of [r.name, ...r.aliases]) roleStems.set(words(n).map(stem).join(' '), r);
  }
  // "chef för nämndkontoret" for "Chef nämndkontor": the same meaning words, small words aside. Multi-word only.
  const roleMeaning = new Map<string, Role>();
  for (const r of snapshot.roles) {
    for (const n of [r.name, ...r.aliases]) {
      const key = meaningStems(n);
      if (key.includes(' ') && !roleMeaning.has(key)) roleMeaning.set(key, r);
    }
  }

  // The first word of every name, alias and id a role is found by (see findRoleByNameOrAlias): normalised, stemmed
  // and as stated. A run of words that names a role starts with one of them.
  const roleStarts = new Set<string>();
  for (const r of snapshot.roles) {
    roleStarts.add(r.id.split(' ')[0]!);
    for (const n of [r.name, ...r.aliases, r.id]) {
      roleStarts.add(normalizeName(n).split(' ')[0]!);
      const first = words(n)[0];
      if (first) roleStarts.add(stem(first));
      const meaning = tokens(n)[0];
      if (meaning) roleStarts.add(meaning.stem);
    }
  }

  // The first word of every unit name, short name and alias, folded: a run of words that is written like a unit's
  // name starts with one of them.
  const unitStarts = new Set<string>();
  for (const u of snapshot.units) for (const n of [u.name, u.shortName, ...u.aliases]) if (n) unitStarts.add(fold(n).split(' ')[0]!);

  const byEmail = new Map<string, OrgPerson>();
  const byTeams = new Map<string, OrgPerson>();
  const bySlack = new Map<string, OrgPerson>();
  for (const p of snapshot.people) {
    byEmail.set(p.email.toLowerCase(), p);
    if (p.teamsAadObjectId) byTeams.set(p.teamsAadObjectId.toLowerCase(), p);
    if (p.slackUserId) bySlack.set(p.slackUserId, p);
  }
  // roleId -> unitId -> people
  const holders = new Map<string, Map<string, OrgPerson[]>>();
  for (const p of snapshot.people) {
    for (const a of p.assignments) {
      let perUnit = holders.get(a.roleId);
      if (!perUnit) holders.set(a.roleId, (perUnit = new Map()));
      const list = perUnit.get(a.unitId) ?? [];
      if (!list.includes(p)) list.push(p);
      perUnit.set(a.unitId, list);
    }
  }
  const depth = (unitId: string): number => ancestorsOf(unitId).length;
  const entriesByRole = new Map<string, MatrixEntry[]>();
  for (const e of snapshot.entries) {
    for (const r of e.ansvariga) entriesByRole.set(r, [...(entriesByRole.get(r) ?? []), e]);
  }

  function ancestorsOf(unitId: string): Unit[] {
    const out: Unit[] = [];
    const seen = new Set<string>();
    let u = units.get(unitId);
    while (u && !seen.has(u.id)) {
      out.push(u);
      seen.add(u.id);
      u = u.parentId ? units.get(u.parentId) : undefined;
    }
    return out;
  }

  // A question is read by trying its runs of words as role and unit names ("vem ansvarar", "ansvarar för", …), and
  // most of those runs recur from question to question: what a run named is kept with the directory.
  const roleByNameOrAlias = keptPerText(LOOKUPS_KEPT, findRoleByNameOrAlias);
  const unitByNameOrAlias = keptPerText(LOOKUPS_KEPT, findUnitByNameOrAlias);

  function findRoleByNameOrAlias(text: string): Role | undefined {
    if (roles.has(text)) return roles.get(text);
    const n = normalizeName(text);
    for (const v of definiteVariants(n)) {
      const r = roleNames.get(v);
      if (r) return r;
    }
    const stemmed = roleStems.get(words(text).map(stem).join(' '));
    if (stemmed) return stemmed;
    // Only for a phrase that starts and ends with meaning words: "vad gör personligt ombud" is not a role's name.
    const ws = words(text);
    if (ws.length < 2 || isStopWord(ws[0]!) || isStopWord(ws.at(-1)!)) return undefined;
    const meaning = meaningStems(text);
    return meaning.includes(' ') ? roleMeaning.get(meaning) : undefined;
  }

  function findUnitByNameOrAlias(text: string): Unit | undefined {
    if (units.has(text)) return units.get(text);
    const n = normalizeName(text);
    for (const v of [n, ...definiteVariants(n).slice(1)]) {
      const u = unitNames.get(v);
      if (u) return u;
    }
    if (n.length < 5) return undefined;
    let best: Unit | undefined;
    let bestDistance = 2;
    let tie = false;
    for (const [name, u] of fuzzyUnitNames) {
      const d = editDistance(n, name, 1);
      if (d < bestDistance) {
        best = u;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance && best && best !== u) tie = true;
    }
    return tie ? undefined : best;
  }

  function resolveRole(roleNameOrId: string, unitId?: string) {
    const role = roleByNameOrAlias(roleNameOrId);
    if (!role) return undefined;
    const perUnit = holders.get(role.id);
    if (!perUnit) return { role, holders: [] as OrgPerson[] };
    if (unitId) {
      for (const u of ancestorsOf(unitId)) {
        const found = perUnit.get(u.id);
        if (found?.length) return { role, unit: u, holders: [...found] };
      }
      return { role, holders: [] as OrgPerson[] };
    }
    const all = [...perUnit.entries()].sort((a, b) => depth(a[0]) - depth(b[0])).flatMap(([, ps]) => ps);
    return { role, holders: [...new Set(all)] };
  }

  return {
    version,
    listUnits: () => [...snapshot.units],
    unit: (id) => units.get(id),
    ancestorsOf,
    unitByNameOrAlias,
    listRoles: () => [...snapshot.roles],
    role: (id) => roles.get(id),
    roleByNameOrAlias,
    roleMayStartWith: (word) => roleStarts.has(word) || roleStarts.has(stem(word)) || roleStarts.has(firstNormalised(word)),
    unitNameMayStartWith: (word) => unitStarts.has(fold(word)),
    person: (id) => people.get(id) ?? byEmail.get(id.toLowerCase()),
    findPersonByEmail: (email) => byEmail.get(email.trim().toLowerCase()),
    findPersonByTeamsId: (id) => byTeams.get(id.toLowerCase()),
    findPersonBySlackId: (id) => bySlack.get(id),
    unitsOfPerson: (personId) => {
      const p = people.get(personId) ?? byEmail.get(personId.toLowerCase());
      if (!p) return [];
      const ids = [...new Set(p.assignments.map((a) => a.unitId))];
      return ids.map((id) => units.get(id)).filter((u): u is Unit => !!u);
    },
    holdersOf: (role, unitId) => resolveRole(role, unitId)?.holders ?? [],
    resolveRole,
    managerOf: (personId, unitId) => {
      const p = people.get(personId) ?? byEmail.get(personId.toLowerCase());
      const managerRoles = snapshot.roles.filter((r) => r.manager);
      for (const u of ancestorsOf(unitId)) {
        // A manager of this unit escalates to the next unit up; everybody else gets this unit's manager.
        if (p?.assignments.some((a) => a.unitId === u.id && managerRoles.some((r) => r.id === a.roleId))) continue;
        const found: OrgPerson[] = [];
        for (const r of managerRoles) {
          for (const h of holders.get(r.id)?.get(u.id) ?? []) if (!found.includes(h)) found.push(h);
        }
        if (found.length) return found;
      }
      return [];
    },
    entries: () => [...snapshot.entries],
    entry: (id) => entries.get(id),
    entriesForRole: (roleNameOrId) => {
      const r = roleByNameOrAlias(roleNameOrId);
      return r ? [...(entriesByRole.get(r.id) ?? [])] : [];
    },
  };
}

/** Stable id from a display name: "Medicinskt ansvarig sjuksköterska" → "medicinskt-ansvarig-sjukskoterska". */
export function slugId(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
