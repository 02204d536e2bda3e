import type { ReminderDirectory } from '../../../domain/paminnelser/flows.js';
import type { ReminderPerson } from '../../../domain/paminnelser/schema.js';
import type { RecipientSpec } from '../../../domain/paminnelser/schema.js';

/** An in-memory organisation for tests: roles per unit, managers, admins. */
export class FakeDirectory implements ReminderDirectory {
  people = new Map<string, ReminderPerson>();
  roles: Array<{ role: string; unit?: string; personId: string }> = [];
  managers = new Map<string, string>();
  adminIds: string[] = [];

  addPerson(id: string, opts: { chat?: boolean | ReminderPerson['chat']; roles?: Array<[string, string?]>; manager?: string; admin?: boolean } = {}): ReminderPerson {
    const chat = opts.chat === false ? undefined : opts.chat === undefined || opts.chat === true ? { channel: 'slack' as const, userId: `U-${id}` } : opts.chat;
    const p: ReminderPerson = { id, displayName: `Person ${id}`, ...(chat ? { chat } : {}) };
    this.people.set(id, p);
    for (const [role, unit] of opts.roles ?? []) this.roles.push({ role, ...(unit ? { unit } : {}), personId: id });
    if (opts.manager) this.managers.set(id, opts.manager);
    if (opts.admin) this.adminIds.push(id);
    return p;
  }

  async resolve(spec: RecipientSpec, unit?: string): Promise<ReminderPerson[]> {
    if (spec.kind === 'person') return this.people.has(spec.personId) ? [this.people.get(spec.personId)!] : [];
    const u = spec.unit ?? unit;
    return this.roles
      .filter((r) => r.role.toLowerCase() === spec.role.toLowerCase() && (!u || !r.unit || r.unit === u))
      .map((r) => this.people.get(r.personId)!)
      .filter(Boolean);
  }
  async managerOf(personId: string): Promise<ReminderPerson | undefined> {
    const m = this.managers.get(personId);
    return m ? this.people.get(m) : undefined;
  }
  async admins(): Promise<ReminderPerson[]> {
    return this.adminIds.map((id) => this.people.get(id)!).filter(Boolean);
  }
}
