import type { ChatUser } from '../domain/chat.js';
import type { OrgDirectory } from '../domain/ansvarsmatris/directory.js';
import type { OrgPerson } from '../domain/ansvarsmatris/schema.js';
import type { AnsvarService } from '../domain/ansvarsmatris/service.js';
import type { CaseDirectory } from '../domain/cases/ports.js';
import type { Actor, CasePerson, Unit as CaseUnit } from '../domain/cases/types.js';
import type { ChatAddress } from '../domain/outbox.js';
import type { ReminderDirectory } from '../domain/paminnelser/flows.js';
import type { ReminderPerson, RecipientSpec } from '../domain/paminnelser/schema.js';
import { addressOfIdentity, type ChatIdentityRepository } from './chat-identities.js';

/** Ways to reach someone who has not written to the bot, set by the app once the channels are up. */
export interface ChannelReach {
  /** Slack: a workspace member by e-mail (users.lookupByEmail). */
  slackByEmail?: (email: string) => Promise<{ userId: string; teamId?: string } | undefined>;
  /** Teams: start the personal chat (POST /v3/conversations) in a tenant the bot has heard from. */
  teamsCreateChat?: (target: { userId: string; tenantId: string; serviceUrl: string; bot: { id: string; name?: string } }) => Promise<ChatAddress | undefined>;
  clock?: { now(): Date };
  onError?: (what: string, error: unknown) => void;
}

/** Who a message is for, stored with a message that waits for an address. */
export interface Addressee {
  personId: string;
  name: string;
  email?: string;
  aadObjectId?: string;
  slackUserId?: string;
}

/** Role names (or aliases) whose holders administer the bot, besides ADMIN_EMAILS. */
export const ADMIN_ROLE_NAMES = ['Administratör', 'Kvalitetsansvarig'];

const CHAT_PREFIX = 'chat:';
/**
 * After no channel could find a person, ask Slack and Teams again only after this long: reminders resolve many people
 * per tick, and the platforms' look-ups are rate-limited. Shorter than the outbox's sweep of waiting messages, and a
 * person who installs or writes is found at once through their stored identity.
 */
const NOT_FOUND_TTL_MS = 4 * 60_000;

/**
 * People across the product: a chat user becomes an Actor (from the organisation data when known, else a person
 * known only by their chat id — every medarbetare may report), a person id becomes a chat address, and the
 * organisation is offered to each feature through its own Directory port.
 */
export class People {
  private reach: ChannelReach = {};
  private readonly notFoundUntil = new Map<string, number>();
  constructor(
    private readonly ansvar: AnsvarService,
    private readonly identities: ChatIdentityRepository,
    private readonly adminEmails: string[],
  ) {}

  directory(): Promise<OrgDirectory> {
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

  /** Called by the app when Teams and Slack are mounted. */
  useChannels(reach: ChannelReach): void {
    this.reach = reach;
  }

  /** Name and chat keys of a person, for a message that has to wait and for receipts ("who was told"). */
  async addressee(personId: string): Promise<Addressee> {
    if (personId.startsWith(CHAT_PREFIX)) {
      const [channel, ...rest] = personId.slice(CHAT_PREFIX.length).split(':');
      const identity = channel === 'teams' || channel === 'slack' ? await this.identities.get(channel, rest.join(':')) : undefined;
      return { personId, name: 'Medarbetare', ...(identity?.email ? { email: identity.email } : {}), ...(identity?.aadObjectId ? { aadObjectId: identity.aadObjectId } : {}) };
    }
    const person = (await this.ansvar.directory()).person(personId);
    if (!person) return { personId, name: personId };
    return {
      personId,
      name: person.name,
      ...(person.email ? { email: person.email.toLowerCase() } : {}),
      ...(person.teamsAadObjectId ? { aadObjectId: person.teamsAadObjectId } : {}),
      ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}),
    };
  }

  /**
   * Where to reach a person: a stored chat first; else, when Teams knows them (seen in a team, or an AAD object id in
   * the organisation data), their personal chat is created; else Slack is asked for their e-mail. Undefined when no
   * channel knows them yet (the message then waits, see the outbox's `waiting_address`).
   */
  async addressOf(personId: string): Promise<ChatAddress | undefined> {
    const stored = await this.storedAddressOf(personId);
    if (stored || personId.startsWith(CHAT_PREFIX)) return stored;
    if (!this.reach.slackByEmail && !this.reach.teamsCreateChat) return undefined;
    const now = this.now().getTime();
    if ((this.notFoundUntil.get(personId) ?? 0) > now) return undefined;
    const who = await this.addressee(personId);
    const found = (await this.createTeamsChat(who)) ?? (await this.findInSlack(who));
    if (found) this.notFoundUntil.delete(personId);
    else {
      if (this.notFoundUntil.size > 10_000) for (const [id, until] of this.notFoundUntil) if (until <= now) this.notFoundUntil.delete(id);
      this.notFoundUntil.set(personId, now + NOT_FOUND_TTL_MS);
    }
    return found;
  }

  private async createTeamsChat(who: Addressee): Promise<ChatAddress | undefined> {
    const create = this.reach.teamsCreateChat;
    if (!create) return undefined;
    const seen = (await this.identities.identitiesOf({ ...(who.email ? { email: who.email } : {}), ...(who.aadObjectId ? { teamsAadObjectId: who.aadObjectId } : {}) })).find(
      (i) => i.channel === 'teams',
    );
    const userId = seen?.channelUserId ?? who.aadObjectId;
    if (!userId) return undefined;
    try {
      const tenant =
        seen?.tenantId && seen.serviceUrl && seen.bot
          ? { tenantId: seen.tenantId, serviceUrl: seen.serviceUrl, bot: seen.bot }
          : await this.identities.teamsTenant(seen?.tenantId);
      if (!tenant) return undefined;
      const address = await create({ userId, ...tenant });
      if (address?.channel !== 'teams') return undefined;
      await this.identities.record(
        {
          channel: 'teams',
          channelUserId: userId,
          ...(who.aadObjectId ?? seen?.aadObjectId ? { aadObjectId: (who.aadObjectId ?? seen?.aadObjectId)! } : {}),
          ...(who.email ? { email: who.email } : {}),
          conversationReference: address.conversationReference,
          ...tenant,
        },
        this.now(),
        seen ?? null,
      );
      return address;
    } catch (error) {
      this.reach.onError?.('teams personal chat could not be created', error);
      return undefined;
    }
  }

  private async findInSlack(who: Addressee): Promise<ChatAddress | undefined> {
    if (!this.reach.slackByEmail || !who.email) return undefined;
    try {
      const found = await this.reach.slackByEmail(who.email);
      if (!found) return undefined;
      await this.identities.record({ channel: 'slack', channelUserId: found.userId, email: who.email, ...(found.teamId ? { teamId: found.teamId } : {}) }, this.now());
      return addressOfIdentity({ channel: 'slack', channelUserId: found.userId, ...(found.teamId ? { teamId: found.teamId } : {}) });
    } catch (error) {
      this.reach.onError?.('slack users.lookupByEmail failed', error);
      return undefined;
    }
  }

  private now(): Date {
    return this.reach.clock?.now() ?? new Date();
  }

  private async storedAddressOf(personId: string): Promise<ChatAddress | undefined> {
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
    const holders = async (spec: RecipientSpec, unit?: string): Promise<Array<{ id: string; name: string }>> => {
      const dir = await this.ansvar.directory();
      if (spec.kind === 'person') {
        const p = dir.person(spec.personId) ?? dir.findPersonByEmail(spec.personId);
        if (p) return [p];
        // Reporters not in the organisation data are reachable by their chat id.
        if (spec.personId.startsWith(CHAT_PREFIX)) return [{ id: spec.personId, name: 'Medarbetare' }];
        return [];
      }
      // Imports write units by name ("Solgården"); the organisation's tree is keyed by id.
      const unitText = spec.unit ?? unit;
      const unitId = unitText ? ((dir.unit(unitText) ?? dir.unitByNameOrAlias(unitText))?.id ?? unitText) : undefined;
      return this.roleHolders(spec.role, unitId);
    };
    return {
      resolve: async (spec: RecipientSpec, unit?: string) => Promise.all((await holders(spec, unit)).map(withChat)),
      whoIs: async (spec: RecipientSpec, unit?: string) => (await holders(spec, unit)).map((p) => ({ id: p.id, displayName: p.name })),
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
