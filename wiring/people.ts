import type { ChatUser } from '../bot/conversation/types.js';
import type { Directory as AnsvarDirectory } from '../domain/ansvarsmatris/directory.js';
import type { Person as OrgPerson } from '../domain/ansvarsmatris/schema.js';
import type { AnsvarService } from '../domain/ansvarsmatris/service.js';
import type { Directory as CaseDirectory } from '../domain/cases/ports.js';
import type { Actor, Person as CasePerson, Unit as CaseUnit } from '../domain/cases/types.js';
import type { ChatAddress, Directory as ReminderDirectory, Person as ReminderPerson } from '../domain/paminnelser/ports.js';
import type { RecipientSpec } from '../domain/paminnelser/types.js';
import type { ChatIdentityRepository } from '../storage/chat-identities.js';

/** Role names (or aliases) whose holders administer the bot, besides ADMIN_EMAILS. */
export const ADMIN_ROLE_NAMES = ['Administratör', 'Kvalitetsansvarig'];

const CHAT_PREFIX = 'chat:';

/**
 * People across the product: a chat user becomes an Actor (from the organisation data when known, else a person
 * known only by their chat id — every medarbetare may report), a person id becomes a chat address, and the
 * organisation is offered to each feature through its own Directory port.
 */
export class People {
  constructor(
    private readonly ansvar: AnsvarService,
    private readonly identities: ChatIdentityRepository,
    private readonly adminEmails: string[],
  ) {}

  directory(): Promise<AnsvarDirectory> {
    return this.ansvar.directory();
  }

  /** The organisation person behind a chat user, if any. */
  async orgPerson(user: ChatUser): Promise<OrgPerson | undefined> {
    const dir = await this.ansvar.directory();
    return (
      (user.email ? dir.findPersonByEmail(user.email) : undefined) ??
      (user.aadObjectId ? dir.findPersonByTeamsId(user.aadObjectId) : undefined) ??
      (user.channel === 'slack' ? dir.findPersonBySlackId(user.channelUserId) : undefined)
    );
  }

  async actorFor(user: ChatUser): Promise<Actor> {
    const person = await this.orgPerson(user);
    const base = { channel: user.channel, channelUserId: user.channelUserId };
    if (person) return { id: person.id, name: person.name, email: person.email, ...base };
    return {
      id: `${CHAT_PREFIX}${user.channel}:${user.channelUserId}`,
      name: user.displayName ?? 'Medarbetare',
      ...(user.email ? { email: user.email } : {}),
      ...base,
    };
  }

  /** The unit to preselect in forms: the first unit the person is assigned to. */
  async defaultUnitOf(user: ChatUser): Promise<string | undefined> {
    const person = await this.orgPerson(user);
    if (!person) return undefined;
    const dir = await this.ansvar.directory();
    return dir.unitsOfPerson(person.id)[0]?.id;
  }

  async addressOf(personId: string): Promise<ChatAddress | undefined> {
    if (personId.startsWith(CHAT_PREFIX)) {
      const [channel, ...rest] = personId.slice(CHAT_PREFIX.length).split(':');
      const id = rest.join(':');
      if (channel === 'slack') return { channel: 'slack', userId: id };
      if (channel === 'teams') {
        const identity = await this.identities.get('teams', id);
        return identity?.conversationReference ? { channel: 'teams', conversationReference: identity.conversationReference } : undefined;
      }
      return undefined;
    }
    const person = (await this.ansvar.directory()).person(personId);
    if (!person) return undefined;
    return this.identities.addressFor({
      email: person.email,
      ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}),
      ...(person.teamsAadObjectId ? { teamsAadObjectId: person.teamsAadObjectId } : {}),
    });
  }

  async isAdmin(personId: string, email?: string): Promise<boolean> {
    if (email && this.adminEmails.includes(email.toLowerCase())) return true;
    return (await this.adminPeople()).some((p) => p.id === personId);
  }

  async adminPeople(): Promise<OrgPerson[]> {
    const dir = await this.ansvar.directory();
    const byId = new Map<string, OrgPerson>();
    for (const email of this.adminEmails) {
      const p = dir.findPersonByEmail(email);
      if (p) byId.set(p.id, p);
    }
    for (const roleName of ADMIN_ROLE_NAMES) {
      if (!dir.roleByNameOrAlias(roleName)) continue;
      for (const p of dir.holdersOf(roleName)) byId.set(p.id, p);
    }
    return [...byId.values()];
  }

  /**
   * Holders of a role for a unit: the nearest holder up the tree. A staff role (not a managerial one, e.g.
   * registrator, MAS) may sit in a sibling unit such as the staff office and serve the whole organisation, so when
   * nobody holds it up the tree its holders anywhere are used. A managerial role never falls back this way: a case
   * is not sent to every enhetschef in the municipality.
   */
  async roleHolders(role: string, unitId?: string): Promise<OrgPerson[]> {
    const dir = await this.ansvar.directory();
    const found = dir.roleByNameOrAlias(role);
    if (!found) return [];
    const holders = dir.holdersOf(role, unitId);
    if (holders.length || !unitId || found.manager) return holders;
    return dir.holdersOf(role);
  }

  /** The cases' view of the organisation. */
  caseDirectory(): CaseDirectory {
    const toPerson = (p: OrgPerson): CasePerson => ({
      id: p.id,
      name: p.name,
      email: p.email,
      chat: { ...(p.teamsAadObjectId ? { teams: p.teamsAadObjectId } : {}), ...(p.slackUserId ? { slack: p.slackUserId } : {}) },
    });
    return {
      holdersOf: async (role, unitId) => (await this.roleHolders(role, unitId)).map(toPerson),
      managerOf: async (personId, unitId) => (await this.ansvar.directory()).managerOf(personId, unitId).map(toPerson),
      findPersonByEmail: async (email) => {
        const p = (await this.ansvar.directory()).findPersonByEmail(email);
        return p ? toPerson(p) : null;
      },
      unitById: async (unitId) => {
        const u = (await this.ansvar.directory()).unit(unitId);
        return u ? ({ id: u.id, name: u.name, parentId: u.parentId ?? null } as CaseUnit) : null;
      },
      isAdmin: async (person) => this.isAdmin(person.id, person.email),
      admins: async () => (await this.adminPeople()).map(toPerson),
    };
  }

  /** The reminders' view of the organisation, with chat addresses. */
  reminderDirectory(): ReminderDirectory {
    const withChat = async (p: { id: string; name: string }): Promise<ReminderPerson> => {
      const chat = await this.addressOf(p.id);
      return { id: p.id, displayName: p.name, ...(chat ? { chat } : {}) };
    };
    return {
      resolve: async (spec: RecipientSpec, unit?: string) => {
        const dir = await this.ansvar.directory();
        if (spec.kind === 'person') {
          const p = dir.person(spec.personId) ?? dir.findPersonByEmail(spec.personId);
          if (p) return [await withChat(p)];
          // Reporters not in the organisation data are reachable by their chat id.
          if (spec.personId.startsWith(CHAT_PREFIX)) return [await withChat({ id: spec.personId, name: 'Medarbetare' })];
          return [];
        }
        // Imports write units by name ("Solgården"); the organisation's tree is keyed by id.
        const unitText = spec.unit ?? unit;
        const unitId = unitText ? (dir.unit(unitText) ?? dir.unitByNameOrAlias(unitText))?.id ?? unitText : undefined;
        return Promise.all((await this.roleHolders(spec.role, unitId)).map(withChat));
      },
      holdersAt: async (role: string, unit: string) => {
        const dir = await this.ansvar.directory();
        const unitId = (dir.unit(unit) ?? dir.unitByNameOrAlias(unit))?.id;
        if (!unitId || !dir.roleByNameOrAlias(role)) return [];
        return Promise.all(dir.holdersOf(role, unitId).map(withChat));
      },
      unit: async (nameOrId: string) => {
        const dir = await this.ansvar.directory();
        const u = dir.unit(nameOrId) ?? dir.unitByNameOrAlias(nameOrId);
        return u ? { id: u.id, name: u.name } : undefined;
      },
      managerOf: async (personId, unit) => {
        const dir = await this.ansvar.directory();
        const unitId = (unit ? (dir.unit(unit) ?? dir.unitByNameOrAlias(unit))?.id : undefined) ?? dir.unitsOfPerson(personId)[0]?.id;
        if (!unitId) return undefined;
        const m = dir.managerOf(personId, unitId)[0];
        return m ? withChat(m) : undefined;
      },
      admins: async () => Promise.all((await this.adminPeople()).map(withChat)),
    };
  }
}
