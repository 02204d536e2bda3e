import type { Directory } from './directory.js';
import type { AnsvarSearch, SearchHit } from './search.js';
import type { MatrixEntry, Person, Role, Unit } from './schema.js';
import { fold, isStopWord, words } from './text.js';

/**
 * Answering a question in Swedish: "vem ansvarar för …", "vem är MAS", "vem är enhetschef på Solgården", "vad
 * ansvarar enhetschefen för?" and plain keywords. Pure: works on a Directory and a search index.
 */

/** Below this share of the question's meaning words, we say we do not know rather than guess. */
export const MIN_COVERAGE = 0.55;
/** An alternative is offered ("Menade du …?") when its rank is at least this share of the best one. */
export const ALTERNATIVE_RATIO = 0.6;
/** A reverse lookup lists at most this many activities (a role may own thousands in a large matrix). */
export const MAX_DUTIES = 25;

export interface PersonRef {
  id: string;
  name: string;
  email: string;
  /** The unit where the role holder was found (walking up from the asker's unit). */
  unitId?: string;
  unitName?: string;
}

export interface RoleAnswer {
  roleId: string;
  roleName: string;
  /** Resolved for the asker's unit when known; otherwise all holders (may be many). */
  people: PersonRef[];
  /** True when no unit was known and people holds everybody with the role. */
  unresolved: boolean;
  /**
   * Where the people come from: the unit or one above it holding the role (`unit`); every holder, for a role that
   * serves the whole organisation and has no holder in the unit's chain (`organisation`); or, for a managerial role
   * the unit lacks, the nearest manager at or above the unit (`chain`, with that manager's role in `chainRoleName`).
   */
  scope?: 'unit' | 'organisation' | 'chain';
  chainRoleName?: string;
}

export interface RankedAnswer {
  entryId: string;
  omrade: string;
  aktivitet: string;
  roles: RoleAnswer[];
  frekvens: string;
  rapporterasTill: string;
  kalla: string;
  score: number;
  confidence: number;
}

export type AnswerResult =
  | { kind: 'activity'; question: string; unit?: UnitRef; best: RankedAnswer; alternatives: RankedAnswer[]; ranked: RankedAnswer[] }
  | { kind: 'role_holders'; question: string; unit?: UnitRef; role: RoleRef; people: PersonRef[]; unresolved: boolean; scope?: RoleAnswer['scope']; chainRoleName?: string }
  | { kind: 'role_duties'; question: string; unit?: UnitRef; role: RoleRef; entries: RankedAnswer[]; total: number }
  | { kind: 'no_match'; question: string; unit?: UnitRef; fallback: RoleAnswer | undefined; ranked: RankedAnswer[] };

export interface UnitRef {
  id: string;
  name: string;
}
export interface RoleRef {
  id: string;
  name: string;
}

export interface AskOptions {
  /** The asker's unit (id, name or alias). Overridden by a unit named in the question. */
  unitId?: string;
  askerEmail?: string;
}

const unitRef = (u: Unit): UnitRef => ({ id: u.id, name: u.name });
const roleRef = (r: Role): RoleRef => ({ id: r.id, name: r.name });

function personRef(p: Person, unit?: Unit): PersonRef {
  return { id: p.id, name: p.name, email: p.email, ...(unit ? { unitId: unit.id, unitName: unit.name } : {}) };
}

function holderUnit(directory: Directory, p: Person, roleId: string): Unit | undefined {
  const a = p.assignments.find((x) => x.roleId === roleId);
  return a ? directory.unit(a.unitId) : undefined;
}

/** The nearest holders of any managerial role at or above the unit. */
function nearestManagers(directory: Directory, unitId: string): { role: Role; unit: Unit; holders: Person[] } | undefined {
  const managerRoles = directory.listRoles().filter((r) => r.manager);
  for (const u of directory.ancestorsOf(unitId)) {
    for (const role of managerRoles) {
      const resolved = directory.resolveRole(role.id, u.id);
      if (resolved?.holders.length && resolved.unit?.id === u.id) return { role, unit: u, holders: resolved.holders };
    }
  }
  return undefined;
}

function roleAnswer(directory: Directory, roleId: string, unitId: string | undefined): RoleAnswer {
  const resolved = directory.resolveRole(roleId, unitId);
  const role = resolved?.role ?? directory.role(roleId);
  if (!resolved || !role) return { roleId, roleName: role?.name ?? roleId, people: [], unresolved: !unitId };
  if (unitId && !resolved.holders.length) {
    const everywhere = directory.resolveRole(role.id)?.holders ?? [];
    const holderUnits = new Set(everywhere.flatMap((p) => p.assignments.filter((a) => a.roleId === role.id).map((a) => a.unitId)));
    const only = holderUnits.size === 1 ? directory.unit([...holderUnits][0]!) : undefined;
    // A managerial role held in one office above the units (nämndansvarig, stabschef) also serves everybody.
    if (!role.manager || (only && only.kind !== 'enhet')) {
      // Registrator, MAS, kvalitetsutvecklare…: they serve the whole organisation, wherever the asker sits.
      const everyone = everywhere;
      return {
        roleId: role.id,
        roleName: role.name,
        people: everyone.map((p) => personRef(p, holderUnit(directory, p, role.id))),
        unresolved: false,
        scope: 'organisation',
      };
    }
    const chain = nearestManagers(directory, unitId);
    if (chain) {
      return { roleId: role.id, roleName: role.name, people: chain.holders.map((p) => personRef(p, chain.unit)), unresolved: false, scope: 'chain', chainRoleName: chain.role.name };
    }
  }
  const people = resolved.holders.map((p) => {
    const at = resolved.unit ?? directory.unitsOfPerson(p.id).find((u) => p.assignments.some((a) => a.roleId === role.id && a.unitId === u.id));
    return personRef(p, at);
  });
  return { roleId: role.id, roleName: role.name, people, unresolved: !unitId, ...(unitId ? { scope: 'unit' as const } : {}) };
}

function ranked(directory: Directory, hit: { entry: MatrixEntry; score: number; coverage: number }, unitId: string | undefined): RankedAnswer {
  const e = hit.entry;
  return {
    entryId: e.id,
    omrade: e.omrade,
    aktivitet: e.aktivitet,
    roles: e.ansvariga.map((r) => roleAnswer(directory, r, unitId)),
    frekvens: e.frekvens,
    rapporterasTill: e.rapporterasTill,
    kalla: e.kalla,
    score: Math.round(hit.score * 1000) / 1000,
    confidence: Math.round(hit.coverage * 1000) / 1000,
  };
}

const PREPOSITIONS = new Set(['pa', 'i', 'for', 'inom', 'hos', 'vid']);

/** Find a unit named in the question; returns it and the question without the unit words. */
function extractUnit(directory: Directory, ws: string[]): { unit?: Unit; rest: string[] } {
  for (let len = Math.min(4, ws.length); len >= 1; len--) {
    for (let i = 0; i + len <= ws.length; i++) {
      const phrase = ws.slice(i, i + len).join(' ');
      const prev = i > 0 ? fold(ws[i - 1]!) : '';
      const afterPreposition = PREPOSITIONS.has(prev);
      // A bare single word must be written like the unit's name (no fuzzy), unless it follows "på/i/för …".
      if (len === 1 && !afterPreposition && (isStopWord(phrase) || phrase.length < 3)) continue;
      const unit = directory.unitByNameOrAlias(phrase);
      if (!unit) continue;
      const exact = [unit.name, unit.shortName, ...unit.aliases].some((n) => n && fold(n) === fold(phrase));
      if (!exact && !afterPreposition) continue;
      const from = afterPreposition ? i - 1 : i;
      return { unit, rest: [...ws.slice(0, from), ...ws.slice(i + len)] };
    }
  }
  return { rest: ws };
}

/** The longest run of words naming a role ("medicinskt ansvarig sjuksköterska", "enhetschefen", "MAS"). */
function findRole(directory: Directory, ws: string[]): { role: Role; start: number; end: number } | undefined {
  for (let len = Math.min(4, ws.length); len >= 1; len--) {
    for (let i = 0; i + len <= ws.length; i++) {
      const phrase = ws.slice(i, i + len).join(' ');
      if (len === 1 && isStopWord(phrase)) continue;
      const role = directory.roleByNameOrAlias(phrase);
      if (role) return { role, start: i, end: i + len };
    }
  }
  return undefined;
}

const HOLDER_LEAD = /^(vem|vilka|vilken|vilket)\s+(ar|e|har|blir)\b/;
const DUTIES_LEAD = /^(vad|vilka|vilket|vilken)\b/;
const DUTIES_VERB = new Set(['ansvarar', 'ansvara', 'gor', 'ska', 'skall', 'har', 'skoter', 'ager', 'uppgifter', 'ansvar', 'ansvarsomraden', 'arbetsuppgifter', 'aktiviteter', 'gora', 'ansvarsomrade']);
const FILLER = new Set(['min', 'mitt', 'mina', 'var', 'vart', 'vara', 'det', 'som', 'rollen', 'roll', 'vem', 'vilka', 'vilken', 'vilket', 'ar', 'e', 'har', 'blir', 'just', 'nu', 'den', 'en', 'ett']);

/** Answer one question. */
export function answerQuestion(directory: Directory, search: AnsvarSearch, question: string, options: AskOptions = {}): AnswerResult {
  const q = question.trim();
  const ws = words(q);
  const extracted = extractUnit(directory, ws);
  const askerUnit =
    (options.unitId ? directory.unitByNameOrAlias(options.unitId) : undefined) ??
    (options.askerEmail ? directory.unitsOfPerson(directory.findPersonByEmail(options.askerEmail)?.id ?? '')[0] : undefined);
  const unit = extracted.unit ?? askerUnit;
  const unitId = unit?.id;
  const base = { question: q, ...(unit ? { unit: unitRef(unit) } : {}) };
  const rest = extracted.rest;
  const folded = rest.map(fold);
  const sentence = folded.join(' ');

  const roleHit = findRole(directory, rest);
  if (roleHit) {
    const outside = folded.filter((_, i) => i < roleHit.start || i >= roleHit.end);
    // "vem är MAS", "vem är enhetschef (på X)", or just "MAS"
    const onlyRole = outside.every((w) => FILLER.has(w) || w === 'pa' || w === 'for' || w === 'i');
    if (onlyRole && (HOLDER_LEAD.test(sentence) || outside.length === 0 || outside.every((w) => FILLER.has(w)))) {
      const r = roleAnswer(directory, roleHit.role.id, unitId);
      return {
        kind: 'role_holders',
        ...base,
        role: roleRef(roleHit.role),
        people: r.people,
        unresolved: r.unresolved,
        ...(r.scope ? { scope: r.scope } : {}),
        ...(r.chainRoleName ? { chainRoleName: r.chainRoleName } : {}),
      };
    }
    // "vad ansvarar enhetschefen för (när det gäller avvikelser)?"
    if (DUTIES_LEAD.test(sentence) && outside.some((w) => DUTIES_VERB.has(w))) {
      const remaining = rest.filter((_, i) => (i < roleHit.start || i >= roleHit.end) && !DUTIES_VERB.has(folded[i]!) && !FILLER.has(folded[i]!) && !isStopWord(rest[i]!));
      if (remaining.length === 0) {
        const all = directory.entriesForRole(roleHit.role.id);
        const entries = all.slice(0, MAX_DUTIES).map((entry) => ranked(directory, { entry, score: 0, coverage: 1 }, unitId));
        return { kind: 'role_duties', ...base, role: roleRef(roleHit.role), entries, total: all.length };
      }
      const hits = search.search(remaining.join(' '), { roleIds: [roleHit.role.id], limit: 10 });
      const good = hits.filter((h) => h.coverage >= MIN_COVERAGE);
      if (good.length) return { kind: 'role_duties', ...base, role: roleRef(roleHit.role), entries: good.map((h) => ranked(directory, h, unitId)), total: good.length };
    }
  }

  const hits = search.search(rest.join(' '), { limit: 10 });
  const all = hits.map((h) => ranked(directory, h, unitId));
  const best = hits[0];
  if (!best || best.coverage < MIN_COVERAGE) {
    return { kind: 'no_match', ...base, fallback: fallbackFor(directory, unitId), ranked: all };
  }
  const alternatives = hits
    .slice(1)
    .filter((h: SearchHit) => h.rank >= best.rank * ALTERNATIVE_RATIO && h.coverage >= MIN_COVERAGE * 0.8)
    .slice(0, 2)
    .map((h) => ranked(directory, h, unitId));
  return { kind: 'activity', ...base, best: all[0]!, alternatives, ranked: all };
}

/**
 * The answer for one chosen entry, e.g. after a "Menade du …?" button (`ActionIds.ansvarAlternative`, data
 * `{ entryId }`). Undefined when the entry no longer exists (the matrix was re-imported).
 */
export function answerForEntry(directory: Directory, entryId: string, options: AskOptions = {}): AnswerResult | undefined {
  const entry = directory.entry(entryId);
  if (!entry) return undefined;
  const unit =
    (options.unitId ? directory.unitByNameOrAlias(options.unitId) : undefined) ??
    (options.askerEmail ? directory.unitsOfPerson(directory.findPersonByEmail(options.askerEmail)?.id ?? '')[0] : undefined);
  const best = ranked(directory, { entry, score: 0, coverage: 1 }, unit?.id);
  return { kind: 'activity', question: entry.aktivitet, ...(unit ? { unit: unitRef(unit) } : {}), best, alternatives: [], ranked: [best] };
}

/** Who to ask when nothing matched: the nearest manager of the asker's unit. */
function fallbackFor(directory: Directory, unitId: string | undefined): RoleAnswer | undefined {
  if (!unitId) return undefined;
  for (const u of directory.ancestorsOf(unitId)) {
    for (const role of directory.listRoles().filter((r) => r.manager)) {
      const resolved = directory.resolveRole(role.id, u.id);
      if (resolved?.holders.length && resolved.unit?.id === u.id) {
        return { roleId: role.id, roleName: role.name, people: resolved.holders.map((p) => personRef(p, u)), unresolved: false };
      }
    }
  }
  return undefined;
}
