import { parseFrekvens } from '../paminnelser/frekvens.js';
import { z } from 'zod';
import { slugId } from './directory.js';
import type { ImportIssue } from './errors.js';
import { importText } from './messages.js';
import type { RawRow, RawTable } from './import-files.js';
import {
  AnsvarSnapshotSchema,
  type AnsvarSnapshot,
  type MatrixEntry,
  type OrgPerson,
  type Role,
  type SynonymGroup,
  type TableKind,
  type Unit,
  type UnitKind,
} from './schema.js';
import { fold, normalizeName } from './text.js';

/**
 * Turning read tables into a validated snapshot. Tables in the import replace the same tables of `base`; the
 * others are carried over. Collects every issue instead of stopping at the first, so an admin fixes a file once.
 */
export interface BuildResult {
  snapshot: AnsvarSnapshot;
  issues: ImportIssue[];
  warnings: string[];
  replaced: TableKind[];
}

const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const emailSchema = z.email();

function parseBoolean(value: string): boolean | undefined {
  const v = normalizeName(value);
  if (['', 'nej', 'n', 'false', 'no', '0'].includes(v)) return v === '' ? false : false;
  if (['ja', 'j', 'x', 'true', 'yes', '1'].includes(v)) return true;
  return undefined;
}

function parseUnitKind(value: string): UnitKind | undefined | null {
  const v = normalizeName(value);
  if (!v) return undefined;
  if (v === 'forvaltning') return 'forvaltning';
  if (v === 'avdelning' || v === 'sektor' || v === 'sektion' || v === 'kontor') return 'avdelning';
  if (v === 'enhet' || v === 'grupp') return 'enhet';
  return null;
}

interface Located<T> {
  value: T;
  file: string;
  line: number;
}

export function buildSnapshot(tables: RawTable[], base: AnsvarSnapshot): BuildResult {
  const issues: ImportIssue[] = [];
  const warnings: string[] = [];
  const byKind = (kind: TableKind) => tables.filter((t) => t.kind === kind);
  const rowsOf = (kind: TableKind) => byKind(kind).flatMap((t) => t.rows.map((row) => ({ table: t, row })));
  const has = (kind: TableKind) => byKind(kind).length > 0;
  const issue = (table: RawTable, row: RawRow | undefined, column: string | undefined, message: string) =>
    issues.push({ file: table.file, ...(row ? { line: row.line } : {}), ...(column ? { column: table.headers[column] ?? column } : {}), message });

  // --- organisation
  let units: Unit[] = base.units;
  if (has('organisation')) {
    units = [];
    const names = new Map<string, Located<Unit>>();
    const pendingParents: Array<{ unit: Unit; parentText: string; table: RawTable; row: RawRow }> = [];
    for (const { table, row } of rowsOf('organisation')) {
      const name = row.values.enhet ?? '';
      if (!name) {
        issue(table, row, 'enhet', importText.required);
        continue;
      }
      const kind = parseUnitKind(row.values.typ ?? '');
      if (kind === null) issue(table, row, 'typ', importText.invalidUnitKind(row.values.typ ?? ''));
      const unit: Unit = {
        id: row.values.id || slugId(name),
        name,
        aliases: splitList(row.values.alias),
        ...(row.values.kortnamn ? { shortName: row.values.kortnamn } : {}),
        ...(kind ? { kind } : {}),
      };
      let clash = false;
      for (const n of [unit.name, unit.shortName, ...unit.aliases, unit.id]) {
        if (!n) continue;
        const key = normalizeName(n);
        const other = names.get(key);
        if (other && other.value !== unit) {
          issue(table, row, n === unit.name ? 'enhet' : 'alias', importText.duplicateUnit(n, other.file === table.file ? other.line : undefined));
          clash = true;
          break;
        }
        names.set(key, { value: unit, file: table.file, line: row.line });
      }
      if (clash) continue;
      units.push(unit);
      if (row.values.overordnad) pendingParents.push({ unit, parentText: row.values.overordnad, table, row });
    }
    for (const p of pendingParents) {
      const parent = names.get(normalizeName(p.parentText))?.value;
      if (!parent) issue(p.table, p.row, 'overordnad', importText.unknownParent(p.parentText));
      else p.unit.parentId = parent.id;
    }
    // Cycles: walk up from every unit.
    const byId = new Map(units.map((u) => [u.id, u]));
    const reported = new Set<string>();
    for (const u of units) {
      const path: string[] = [];
      const seen = new Set<string>();
      let cur: Unit | undefined = u;
      while (cur) {
        if (seen.has(cur.id)) {
          if (!reported.has(cur.id)) {
            const loc = names.get(normalizeName(cur.name))!;
            issues.push({ file: loc.file, line: loc.line, column: 'överordnad', message: importText.cycle([...path, cur.name].join(' → ')) });
            path.forEach((n) => reported.add(slugId(n)));
            reported.add(cur.id);
          }
          break;
        }
        seen.add(cur.id);
        path.push(cur.name);
        cur = cur.parentId ? byId.get(cur.parentId) : undefined;
      }
    }
    // Default kinds by depth when the file gives none.
    for (const u of units) {
      if (u.kind) continue;
      let depth = 0;
      let cur: Unit | undefined = u;
      const seen = new Set<string>();
      while (cur?.parentId && !seen.has(cur.id)) {
        seen.add(cur.id);
        depth++;
        cur = byId.get(cur.parentId);
      }
      u.kind = depth === 0 ? 'forvaltning' : depth === 1 ? 'avdelning' : 'enhet';
    }
  }
  const unitLookup = new Map<string, Unit>();
  for (const u of units) for (const n of [u.name, u.shortName, ...u.aliases, u.id]) if (n) unitLookup.set(normalizeName(n), u);

  // --- roles
  let roles: Role[] = base.roles.map((r) => ({ ...r, aliases: [...r.aliases] }));
  const roleLookup = new Map<string, Role>();
  const indexRole = (r: Role) => {
    for (const n of [r.name, ...r.aliases, r.id]) roleLookup.set(normalizeName(n), r);
  };
  if (has('roller')) {
    roles = [];
    const seen = new Map<string, Located<Role>>();
    for (const { table, row } of rowsOf('roller')) {
      const name = row.values.roll ?? '';
      if (!name) {
        issue(table, row, 'roll', importText.required);
        continue;
      }
      const manager = parseBoolean(row.values.chefsroll ?? '');
      if (manager === undefined) issue(table, row, 'chefsroll', importText.invalidBoolean(row.values.chefsroll ?? ''));
      const role: Role = { id: slugId(name), name, aliases: splitList(row.values.alias), manager: manager ?? false };
      let clash = false;
      for (const n of [role.name, ...role.aliases]) {
        const other = seen.get(normalizeName(n));
        if (other) {
          issue(table, row, n === role.name ? 'roll' : 'alias', importText.duplicateRole(n, other.file === table.file ? other.line : undefined));
          clash = true;
          break;
        }
        seen.set(normalizeName(n), { value: role, file: table.file, line: row.line });
      }
      if (!clash) roles.push(role);
    }
  }
  roles.forEach(indexRole);
  const resolveOrAddRole = (text: string): Role => {
    const found = roleLookup.get(normalizeName(text));
    if (found) return found;
    const role: Role = { id: slugId(text), name: text, aliases: [], manager: false };
    roles.push(role);
    indexRole(role);
    return role;
  };

  // --- people
  let people: OrgPerson[] = base.people;
  if (has('personer')) {
    const byEmail = new Map<string, OrgPerson>();
    for (const { table, row } of rowsOf('personer')) {
      const name = row.values.namn ?? '';
      const email = (row.values.epost ?? '').toLowerCase();
      let ok = true;
      if (!name) {
        issue(table, row, 'namn', importText.required);
        ok = false;
      }
      if (!email) {
        issue(table, row, 'epost', importText.required);
        ok = false;
      } else if (!emailSchema.safeParse(email).success) {
        issue(table, row, 'epost', importText.invalidEmail(row.values.epost ?? ''));
        ok = false;
      }
      const roleNames = splitList(row.values.roll);
      const unitText = row.values.enhet ?? '';
      let unit: Unit | undefined;
      if (roleNames.length) {
        if (!unitText) {
          issue(table, row, 'enhet', importText.required);
          ok = false;
        } else {
          unit = unitLookup.get(normalizeName(unitText));
          if (!unit) {
            issue(table, row, 'enhet', importText.unknownUnit(unitText));
            ok = false;
          }
        }
      }
      if (!ok) continue;
      let person = byEmail.get(email);
      if (!person) {
        person = { id: email, name, email, assignments: [] };
        byEmail.set(email, person);
      }
      if (row.values.teams_id) person.teamsAadObjectId = row.values.teams_id;
      if (row.values.slack_id) person.slackUserId = row.values.slack_id;
      for (const rn of roleNames) {
        const role = resolveOrAddRole(rn);
        if (!person.assignments.some((a) => a.roleId === role.id && a.unitId === unit!.id)) person.assignments.push({ roleId: role.id, unitId: unit!.id });
      }
    }
    people = [...byEmail.values()];
  }

  // --- matrix
  let entries: MatrixEntry[] = base.entries;
  const entryLines = new Map<string, { file: string; line: number }>();
  if (has('matris')) {
    entries = [];
    const ids = new Set<string>();
    const seenActivity = new Map<string, Located<string>>();
    for (const { table, row } of rowsOf('matris')) {
      const aktivitet = row.values.aktivitet ?? '';
      const omrade = row.values.omrade ?? '';
      const rawRoles = (row.values.ansvarig ?? '').split(',').map((s) => s.trim());
      let ok = true;
      if (!aktivitet) {
        issue(table, row, 'aktivitet', importText.required);
        ok = false;
      }
      if (rawRoles.every((r) => !r)) {
        issue(table, row, 'ansvarig', importText.required);
        ok = false;
      } else if (rawRoles.some((r) => !r)) {
        issue(table, row, 'ansvarig', importText.emptyRoleInList);
        ok = false;
      }
      // The frekvens drives the reminders: a text the reminders cannot read is refused here, with its line.
      const frekvens = parseFrekvens(row.values.frekvens ?? 'Löpande');
      if (row.values.frekvens && !frekvens.ok) {
        issue(table, row, 'frekvens', frekvens.warning);
        ok = false;
      } else if (frekvens.ok && frekvens.schedule.kind === 'none' && frekvens.assumption) {
        warnings.push(`${table.file}, rad ${row.line}: ${frekvens.assumption}.`);
      }
      if (!ok) continue;
      const key = normalizeName(`${omrade} ${aktivitet}`);
      const dup = seenActivity.get(key);
      if (dup) warnings.push(`${table.file}, rad ${row.line}: ${importText.duplicateActivity(aktivitet, dup.file === table.file ? dup.line : undefined)}`);
      else seenActivity.set(key, { value: aktivitet, file: table.file, line: row.line });
      let id = row.values.id || slugId(`${omrade} ${aktivitet}`);
      for (let n = 2; ids.has(id); n++) id = `${row.values.id || slugId(`${omrade} ${aktivitet}`)}-${n}`;
      ids.add(id);
      const roleIds = [...new Set(rawRoles.map((r) => resolveOrAddRole(r).id))];
      entries.push({
        id,
        omrade,
        aktivitet,
        ansvariga: roleIds,
        frekvens: row.values.frekvens ?? '',
        rapporterasTill: row.values.rapporteras_till ?? '',
        kalla: row.values.kalla ?? '',
        keywords: splitList(row.values.nyckelord),
      });
      entryLines.set(id, { file: table.file, line: row.line });
    }
  }

  // --- vocabulary
  let vocabulary: SynonymGroup[] = base.vocabulary;
  if (has('vokabular')) {
    vocabulary = [];
    for (const { table, row } of rowsOf('vokabular')) {
      const term = row.values.term ?? '';
      const synonyms = splitList(row.values.synonymer);
      if (!term) issue(table, row, 'term', importText.required);
      if (!synonyms.length) issue(table, row, 'synonymer', importText.required);
      const kind = fold(row.values.typ ?? '').trim();
      if (kind && kind !== 'verb') issue(table, row, 'typ', importText.invalidWordKind(row.values.typ ?? ''));
      if (term && synonyms.length) vocabulary.push({ term, synonyms, ...(kind === 'verb' ? { kind: 'verb' as const } : {}) });
    }
  }

  // --- carried-over data must still fit the new tables
  const unitIds = new Set(units.map((u) => u.id));
  const roleIds = new Set(roles.map((r) => r.id));
  if (!has('personer') && has('organisation')) {
    for (const p of people) {
      for (const a of p.assignments) {
        if (!unitIds.has(a.unitId)) issues.push({ file: importText.carriedOver, message: importText.carriedOverUnknownUnit(p.email, a.unitId) });
      }
    }
  }
  if (has('roller')) {
    const missing = new Set<string>();
    if (!has('personer')) for (const p of people) for (const a of p.assignments) if (!roleIds.has(a.roleId)) missing.add(a.roleId);
    if (!has('matris')) for (const e of entries) for (const r of e.ansvariga) if (!roleIds.has(r)) missing.add(r);
    for (const r of missing) issues.push({ file: importText.carriedOver, message: importText.carriedOverUnknownRole(r) });
  }

  // --- warnings: roles in the matrix that nobody holds
  const held = new Set(people.flatMap((p) => p.assignments.map((a) => a.roleId)));
  const warned = new Set<string>();
  for (const e of entries) {
    for (const r of e.ansvariga) {
      if (held.has(r) || warned.has(r)) continue;
      warned.add(r);
      const role = roles.find((x) => x.id === r);
      const loc = entryLines.get(e.id);
      warnings.push(`${loc ? `${loc.file}, rad ${loc.line}: ` : ''}${importText.roleWithoutHolder(role?.name ?? r)}`);
    }
  }

  const snapshot = AnsvarSnapshotSchema.parse({ units, roles, people, entries, vocabulary });
  return { snapshot, issues, warnings, replaced: [...new Set(tables.map((t) => t.kind))] };
}
