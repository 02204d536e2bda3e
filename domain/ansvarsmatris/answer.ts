import type { OrgDirectory } from './directory.js';
import type { AnsvarSearch, SearchHit } from './search.js';
import type { MatrixEntry, OrgPerson, Role, Unit } from './schema.js';
import { fold, isStopWord, normalizeName, words } from './text.js';

/**
 * Answering a question in Swedish: "vem ansvarar för …", "vem är MAS", "vem är enhetschef på Solgården", "vad
 * ansvarar enhetschefen för?" and plain keywords. Pure: works on a Directory and a search index.
 */

/** Below this share of the question's meaning words, we say we do not know rather than guess. */
export const MIN_COVERAGE = 0.55;
/** An alternative is offered ("Menade du …?") when its rank is at least this share of the best one. */
export const ALTERNATIVE_RATIO = 0.85;
/** Hits within this share of the best rank count as a tie, broken by who holds the role in the asker's unit. */
const TIE_RATIO = 0.92;
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

/** The language of the question; the answer card is written in it (Swedish first, English second). */
export type AnswerLocale = 'sv' | 'en';

export type AnswerResult = (
  | {
      kind: 'activity';
      question: string;
      unit?: UnitRef;
      best: RankedAnswer;
      alternatives: RankedAnswer[];
      ranked: RankedAnswer[];
      /** "Till vem rapporteras …?": the question asks for the recipient, not the responsible role. */
      focus?: 'recipient';
    }
  | { kind: 'role_holders'; question: string; unit?: UnitRef; role: RoleRef; people: PersonRef[]; unresolved: boolean; scope?: RoleAnswer['scope']; chainRoleName?: string }
  | { kind: 'role_duties'; question: string; unit?: UnitRef; role: RoleRef; entries: RankedAnswer[]; total: number }
  | {
      kind: 'no_match';
      question: string;
      unit?: UnitRef;
      fallback: RoleAnswer | undefined;
      ranked: RankedAnswer[];
      /** The matrix's areas (område), most activities first: what the bot does know about. */
      known: string[];
    }
) & { locale?: AnswerLocale };

// Function words that tell an English question from a Swedish one.
const ENGLISH = new Set(['who', 'whom', 'what', 'which', 'is', 'are', 'the', 'does', 'do', 'responsible', 'for', 'of', 'to', 'in', 'charge', 'writes', 'reports']);
const SWEDISH = new Set(['vem', 'vilka', 'vad', 'ar', 'for', 'och', 'av', 'pa', 'ansvarar', 'som', 'att', 'till', 'om', 'ska', 'den', 'det']);

/** English when it has at least two English function words and more of them than Swedish ones. */
export function questionLocale(question: string): AnswerLocale {
  const ws = words(question).map(fold);
  const en = ws.filter((w) => ENGLISH.has(w)).length;
  const sv = ws.filter((w) => SWEDISH.has(w) && w !== 'for').length;
  return en >= 2 && en > sv ? 'en' : 'sv';
}

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

function personRef(p: OrgPerson, unit?: Unit): PersonRef {
  return { id: p.id, name: p.name, email: p.email, ...(unit ? { unitId: unit.id, unitName: unit.name } : {}) };
}

function holderUnit(directory: OrgDirectory, p: OrgPerson, roleId: string): Unit | undefined {
  const a = p.assignments.find((x) => x.roleId === roleId);
  return a ? directory.unit(a.unitId) : undefined;
}

/** The nearest holders of any managerial role at or above the unit. */
function nearestManagers(directory: OrgDirectory, unitId: string): { role: Role; unit: Unit; holders: OrgPerson[] } | undefined {
  const managerRoles = directory.listRoles().filter((r) => r.manager);
  for (const u of directory.ancestorsOf(unitId)) {
    for (const role of managerRoles) {
      const resolved = directory.resolveRole(role.id, u.id);
      if (resolved?.holders.length && resolved.unit?.id === u.id) return { role, unit: u, holders: resolved.holders };
    }
  }
  return undefined;
}

function roleAnswer(directory: OrgDirectory, roleId: string, unitId: string | undefined): RoleAnswer {
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

function ranked(directory: OrgDirectory, hit: { entry: MatrixEntry; score: number; coverage: number }, unitId: string | undefined): RankedAnswer {
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
function extractUnit(directory: OrgDirectory, ws: string[]): { unit?: Unit; rest: string[] } {
  const afterPrepositions = ws.map((_, i) => i > 0 && PREPOSITIONS.has(fold(ws[i - 1]!)));
  // Away from a preposition only a run written like a unit's name counts, so its first word must start one.
  const mayStart = ws.map((w, i) => afterPrepositions[i]! || directory.unitNameMayStartWith(w));
  for (let len = Math.min(4, ws.length); len >= 1; len--) {
    for (let i = 0; i + len <= ws.length; i++) {
      if (!mayStart[i]) continue;
      const phrase = ws.slice(i, i + len).join(' ');
      const afterPreposition = afterPrepositions[i]!;
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
function findRole(directory: OrgDirectory, ws: string[]): { role: Role; start: number; end: number } | undefined {
  // Most runs of words cannot name a role by their first word alone: those are not looked up.
  const mayStart = ws.map((w) => directory.roleMayStartWith(w));
  for (let len = Math.min(4, ws.length); len >= 1; len--) {
    for (let i = 0; i + len <= ws.length; i++) {
      if (len >= 2 && !mayStart[i]) continue;
      const phrase = ws.slice(i, i + len).join(' ');
      if (len === 1 && isStopWord(phrase)) continue;
      const role = directory.roleByNameOrAlias(phrase);
      if (role) return { role, start: i, end: i + len };
    }
  }
  return undefined;
}

const HOLDER_LEAD = /^(vem|vilka|vilken|vilket)\s+(ar|e|har|blir)\b|^who\s+(is|are)\b/;
const DUTIES_LEAD = /^(vad|vilka|vilket|vilken|what)\b/;
/** "… till MAS", "… to the MAS": the role named after it receives, it is not the one asked about. */
const RECIPIENT_BEFORE = new Set(['till', 'to', 'for']);
/** "Vem är min chef?", "who is my manager?": the asker's nearest manager. */
const MY_MANAGER = /^(vem|vilken)\s+(ar|e)\s+(min|var|vart)\s+(narmaste\s+)?(chef|overordnade|narmaste chef|arbetsledare)$|^who\s+is\s+my\s+(line\s+)?(manager|boss|supervisor)$/;
const RECIPIENT_LEAD = /^(till vem|till vilka|till vilken|to whom|who receives)\b/;
const DUTIES_VERB = new Set(['does', 'do', 'responsible', 'for', 'duties', 'ansvarar', 'ansvara', 'gor', 'ska', 'skall', 'har', 'skoter', 'ager', 'uppgifter', 'ansvar', 'ansvarsomraden', 'arbetsuppgifter', 'aktiviteter', 'gora', 'ansvarsomrade']);
const FILLER = new Set(['min', 'mitt', 'mina', 'var', 'vart', 'vara', 'det', 'som', 'rollen', 'roll', 'vem', 'vilka', 'vilken', 'vilket', 'ar', 'e', 'har', 'blir', 'just', 'nu', 'den', 'en', 'ett', 'who', 'is', 'are', 'the', 'our', 'my', 'a', 'an', 'here', 'var', 'vi', 'oss', 'hos']);

/** Answer one question. */
export function answerQuestion(directory: OrgDirectory, search: AnsvarSearch, question: string, options: AskOptions = {}): AnswerResult {
  const q = question.trim();
  const ws = words(q);
  const locale = questionLocale(q);
  // A role whose name contains a unit's name ("chef för nämndkontoret") is read as the role.
  const longRole = findRole(directory, ws);
  const keep = longRole && longRole.end - longRole.start >= 2 ? ws.slice(longRole.start, longRole.end) : undefined;
  let extracted = keep
    ? (() => {
        const before = extractUnit(directory, ws.slice(0, longRole!.start));
        const after = extractUnit(directory, ws.slice(longRole!.end));
        const u = before.unit ?? after.unit;
        return { ...(u ? { unit: u } : {}), rest: [...before.rest, ...keep, ...after.rest] };
      })()
    : extractUnit(directory, ws);
  // Words that name a unit may belong to the activity instead ("anmäla till Inspektionen för vård och omsorg"
  // where "Vård och omsorg" is also a unit): keep them when the question reads clearly better with them.
  const holderQuestion = HOLDER_LEAD.test(extracted.rest.map(fold).join(' ')) && !!findRole(directory, extracted.rest);
  if (extracted.unit && !keep && !holderQuestion) {
    const withUnitWords = search.search(ws.join(' '), { limit: 1 })[0]?.coverage ?? 0;
    const without = search.search(extracted.rest.join(' '), { limit: 1 })[0]?.coverage ?? 0;
    if (withUnitWords >= MIN_COVERAGE && withUnitWords > without + 0.1) extracted = { rest: ws };
  }
  const askerUnit =
    (options.unitId ? directory.unitByNameOrAlias(options.unitId) : undefined) ??
    (options.askerEmail ? directory.unitsOfPerson(directory.findPersonByEmail(options.askerEmail)?.id ?? '')[0] : undefined);
  const unit = extracted.unit ?? askerUnit;
  const unitId = unit?.id;
  const base = { question: q, ...(unit ? { unit: unitRef(unit) } : {}), ...(locale === 'en' ? { locale } : {}) };
  const rest = extracted.rest;
  const folded = rest.map(fold);
  if (MY_MANAGER.test(folded.join(' '))) {
    const mine = myManager(directory, options.askerEmail, unitId);
    if (mine) return { kind: 'role_holders', ...base, ...mine };
  }
  const roleHit = findRole(directory, rest);
  const roleQuestion = (ws: string[], hit: RoleHit) => answerRoleQuestion(directory, search, ws, hit, unitId, base);
  if (roleHit) {
    const answered = roleQuestion(rest, roleHit);
    if (answered) return answered;
  } else {
    // A role named by a synonym of the vocabulary ("who is the registrar", "chief medical nurse"): read by its term.
    const canonical = search.canonical(rest);
    const viaVocabulary = canonical.some((w, i) => w !== rest[i]) ? findRole(directory, canonical) : undefined;
    const answered = viaVocabulary ? roleQuestion(canonical, viaVocabulary) : undefined;
    if (answered) return answered;
  }

  // A role named after "till" receives ("vem rapporterar lex Maria till MAS"); a role named otherwise is the one
  // whose duties are asked about ("till vem lämnar utredaren förslaget").
  const recipient = roleHit && roleHit.start > 0 && RECIPIENT_BEFORE.has(folded[roleHit.start - 1]!) ? roleHit.role : undefined;
  const doer = roleHit && !recipient ? roleHit.role : undefined;
  const searchWords = recipient && roleHit ? rest.filter((_, i) => i < roleHit.start || i >= roleHit.end) : rest;
  // Best, two alternatives and the ties among them: five hits are plenty, and each costs role resolution below.
  let hits = search.search(searchWords.join(' ') || rest.join(' '), { limit: 5 });
  if (recipient) {
    const names = [recipient.name, ...recipient.aliases].map(normalizeName);
    const toRecipient = (h: SearchHit) => names.some((n) => normalizeName(h.entry.rapporterasTill).includes(n));
    const byRecipient = hits.filter((h) => !h.entry.ansvariga.includes(recipient.id));
    hits = [...byRecipient.filter(toRecipient), ...byRecipient.filter((h) => !toRecipient(h))];
  } else if (doer) {
    const own = hits.filter((h) => h.entry.ansvariga.includes(doer.id));
    // Only among near equals: a role word may also be an ordinary word ("ny personal").
    if (own[0] && own[0].coverage >= Math.max(MIN_COVERAGE, (hits[0]?.coverage ?? 0) - 0.15)) hits = [...own, ...hits.filter((h) => !own.includes(h))];
  }
  hits = preferUnit(directory, hits, unitId);
  // Each hit's roles are resolved once, and only for the hits shown; the full list (`ranked`, for the command line)
  // is made when it is read.
  const answers = new Map<SearchHit, RankedAnswer>();
  const answerOf = (h: SearchHit): RankedAnswer => {
    let a = answers.get(h);
    if (!a) answers.set(h, (a = ranked(directory, h, unitId)));
    return a;
  };
  const best = hits[0];
  if (!best || best.coverage < MIN_COVERAGE) {
    return {
      kind: 'no_match',
      ...base,
      fallback: fallbackFor(directory, unitId),
      get ranked() {
        return hits.map(answerOf);
      },
      known: knownAreas(directory),
    };
  }
  const alternatives = hits
    .slice(1)
    .filter((h: SearchHit) => h.rank >= best.rank * ALTERNATIVE_RATIO && h.coverage >= MIN_COVERAGE)
    .slice(0, 2)
    .map(answerOf);
  const focus = RECIPIENT_LEAD.test(folded.join(' ')) ? { focus: 'recipient' as const } : {};
  return {
    kind: 'activity',
    ...base,
    best: answerOf(best),
    alternatives,
    get ranked() {
      return hits.map(answerOf);
    },
    ...focus,
  };
}

/** The asker's nearest manager: at their unit or above, never themselves. */
function myManager(directory: OrgDirectory, askerEmail: string | undefined, unitId: string | undefined) {
  if (!unitId) return undefined;
  const me = askerEmail ? directory.findPersonByEmail(askerEmail) : undefined;
  const found = me ? directory.managerOf(me.id, unitId) : (nearestManagers(directory, unitId)?.holders ?? []);
  if (!found.length) return undefined;
  const managerRoles = directory.listRoles().filter((r) => r.manager);
  const first = found[0]!;
  const assignment = first.assignments.find((a) => managerRoles.some((r) => r.id === a.roleId) && directory.ancestorsOf(unitId).some((u) => u.id === a.unitId));
  const role = (assignment && directory.role(assignment.roleId)) ?? managerRoles[0];
  if (!role) return undefined;
  const at = assignment ? directory.unit(assignment.unitId) : undefined;
  return { role: roleRef(role), people: found.map((p) => personRef(p, at)), unresolved: false, scope: 'unit' as const };
}

type RoleHit = { role: Role; start: number; end: number };
type Base = { question: string; unit?: UnitRef; locale?: AnswerLocale };

/** "Vem är MAS?", "vem är enhetschef på X", "vad ansvarar enhetschefen för (när det gäller …)?"; else undefined. */
function answerRoleQuestion(directory: OrgDirectory, search: AnsvarSearch, rest: string[], roleHit: RoleHit, unitId: string | undefined, base: Base): AnswerResult | undefined {
  const folded = rest.map(fold);
  const sentence = folded.join(' ');
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
  return undefined;
}

/**
 * Among hits that tie with the best, the one whose responsible role someone holds in the asker's (or the named)
 * unit or above it: "anmäla lex Sarah" in the municipality's own production rather than for private providers.
 */
function preferUnit(directory: OrgDirectory, hits: SearchHit[], unitId: string | undefined): SearchHit[] {
  const best = hits[0];
  if (!unitId || !best) return hits;
  const tied = hits.filter((h) => h.rank >= best.rank * TIE_RATIO && h.coverage >= best.coverage * TIE_RATIO);
  if (tied.length < 2) return hits;
  const local = tied.find((h) => h.entry.ansvariga.some((r) => (directory.resolveRole(r, unitId)?.holders.length ?? 0) > 0));
  return local && local !== best ? [local, ...hits.filter((h) => h !== local)] : hits;
}

/**
 * The answer for one chosen entry, e.g. after a "Menade du …?" button (`ActionIds.ansvarAlternative`, data
 * `{ entryId }`). Undefined when the entry no longer exists (the matrix was re-imported).
 */
export function answerForEntry(directory: OrgDirectory, entryId: string, options: AskOptions = {}): AnswerResult | undefined {
  const entry = directory.entry(entryId);
  if (!entry) return undefined;
  const unit =
    (options.unitId ? directory.unitByNameOrAlias(options.unitId) : undefined) ??
    (options.askerEmail ? directory.unitsOfPerson(directory.findPersonByEmail(options.askerEmail)?.id ?? '')[0] : undefined);
  const best = ranked(directory, { entry, score: 0, coverage: 1 }, unit?.id);
  return { kind: 'activity', question: entry.aktivitet, ...(unit ? { unit: unitRef(unit) } : {}), best, alternatives: [], ranked: [best] };
}

const AREAS_SHOWN = 8;
const areasCache = new WeakMap<OrgDirectory, string[]>();

/** The matrix's areas, most activities first (cached per directory: a directory never changes). */
function knownAreas(directory: OrgDirectory): string[] {
  let areas = areasCache.get(directory);
  if (!areas) {
    const counts = new Map<string, number>();
    for (const e of directory.entries()) if (e.omrade) counts.set(e.omrade, (counts.get(e.omrade) ?? 0) + 1);
    areas = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv')).slice(0, AREAS_SHOWN).map(([a]) => a);
    areasCache.set(directory, areas);
  }
  return areas;
}

/** Who to ask when nothing matched: the nearest manager of the asker's unit. */
function fallbackFor(directory: OrgDirectory, unitId: string | undefined): RoleAnswer | undefined {
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
