import { AppError } from '../errors.js';
import type { ChatPeople, ChatUser, FormBase } from '../chat.js';
import type { CaseDirectory } from './ports.js';
import type { CasePerson, Unit } from './types.js';

export interface RouteResult {
  /** Who handles the case (notified with actions). */
  handlers: CasePerson[];
  /** Who is told for information (e.g. registrator). */
  watchers: CasePerson[];
  usedFallback: boolean;
  /** Roles nobody held for the unit. */
  missingRoles: string[];
  /** Admins to warn because a role was missing (empty when routing was clean). */
  warnAdmins: CasePerson[];
}

function addUnique(target: CasePerson[], people: CasePerson[]): void {
  for (const p of people) if (!target.some((t) => t.id === p.id)) target.push(p);
}

/**
 * Resolves role names to people for a unit. A role nobody holds is replaced by the fallback role's holders (or,
 * failing that, the admins) and the admins are warned — a case is never dropped. Throws `cases.no_recipient` only
 * when there is nobody at all, before anything is saved.
 */
export async function routeRoles(
  directory: CaseDirectory,
  unitId: string,
  handlerRoles: string[],
  watcherRoles: string[],
  fallbackRole: string,
): Promise<RouteResult> {
  const handlers: CasePerson[] = [];
  const watchers: CasePerson[] = [];
  const missingRoles: string[] = [];
  for (const role of handlerRoles) {
    const holders = await directory.holdersOf(role, unitId);
    if (holders.length === 0) missingRoles.push(role);
    addUnique(handlers, holders);
  }
  for (const role of watcherRoles) {
    const holders = await directory.holdersOf(role, unitId);
    if (holders.length === 0) missingRoles.push(role);
    addUnique(watchers, holders);
  }
  let usedFallback = false;
  let warnAdmins: CasePerson[] = [];
  if (missingRoles.length > 0) {
    usedFallback = true;
    const admins = await directory.admins();
    const fallback = await directory.holdersOf(fallbackRole, unitId);
    addUnique(handlers, fallback.length > 0 ? fallback : admins);
    warnAdmins = admins;
  }
  if (handlers.length === 0) throw new AppError('cases.no_recipient');
  return { handlers, watchers: watchers.filter((w) => !handlers.some((h) => h.id === w.id)), usedFallback, missingRoles, warnAdmins };
}

/** The unit and its ancestors, root first. Throws `cases.unknown_unit`. */
export async function resolveUnitPath(directory: CaseDirectory, unitId: string): Promise<{ unit: Unit; path: string[] }> {
  const unit = await directory.unitById(unitId);
  if (!unit) throw new AppError('cases.unknown_unit', { unitId });
  const path = [unit.id];
  let parentId = unit.parentId ?? null;
  while (parentId && !path.includes(parentId) && path.length < 50) {
    const parent = await directory.unitById(parentId);
    if (!parent) break;
    path.unshift(parent.id);
    parentId = parent.parentId ?? null;
  }
  return { unit, path };
}

/** Where a case goes: its unit (and the unit's path, root first) and who there handles it and is told. */
export interface Destination {
  unit: Pick<Unit, 'id' | 'name'>;
  path: string[];
  route: RouteResult;
}

/** The unit, its path and its routing, for a new case or one moved to another unit. */
export async function routeCase(directory: CaseDirectory, unitId: string, roles: { handlers: string[]; watchers?: string[]; fallback: string }): Promise<Destination> {
  const { unit, path } = await resolveUnitPath(directory, unitId);
  const route = await routeRoles(directory, unit.id, roles.handlers, roles.watchers ?? [], roles.fallback);
  return { unit, path, route };
}

/** The units a case can be reported for (value = unit id), the user's own unit preselected; none yet is a refusal. */
export async function unitChoices(people: ChatPeople, user: ChatUser, now: Date): Promise<FormBase> {
  const dir = await people.directory();
  const units = dir.listUnits().map((u) => ({ value: u.id, label: u.name }));
  if (units.length === 0) throw new AppError('forms.no_units');
  const defaultUnitId = await people.defaultUnitOf(user);
  return { now, units, ...(defaultUnitId ? { defaultUnitId } : {}) };
}
