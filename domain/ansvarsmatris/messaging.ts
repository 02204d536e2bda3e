import type { AnswerResult, PersonRef, RankedAnswer, RoleAnswer } from './answer.js';
import { answerTexts, type AnswerTexts } from './messages.js';
import { ActionIds } from '../action-ids.js';
import type { MessageFact, MessageView } from '../view.js';

/**
 * The answer to "vem ansvarar för …?" as one channel-neutral message: activity, roles, the people holding them for
 * the asker's unit (or the whole organisation, or the nearest manager above), frekvens, rapporteras till, källa, and
 * up to two "Menade du …?" buttons. In English when the question was (the matrix itself stays Swedish).
 */
const MAX_PEOPLE = 3;

function people(t: AnswerTexts, role: RoleAnswer): string {
  if (!role.people.length) return t.noHolder;
  if (role.scope === 'chain') return role.people.map((p) => t.personWithRole(p.name, role.chainRoleName ?? '', p.unitName)).join(', ');
  if (role.unresolved && role.people.length > MAX_PEOPLE) return t.manyHolders(role.people.length);
  const withUnit = role.unresolved || role.scope === 'organisation';
  return role.people.map((p: PersonRef) => (p.unitName && withUnit ? t.holderAt(p.name, p.unitName) : p.name)).join(', ');
}

function entryFacts(t: AnswerTexts, a: RankedAnswer): MessageFact[] {
  const facts: MessageFact[] = [{ label: t.labelRoles, value: a.roles.map((r) => r.roleName).join(', ') }];
  for (const r of a.roles) facts.push({ label: `${t.labelPeople} (${r.roleName})`, value: people(t, r) });
  if (a.frekvens) facts.push({ label: t.labelFrekvens, value: a.frekvens });
  if (a.rapporterasTill) facts.push({ label: t.labelRapporteras, value: a.rapporterasTill });
  if (a.kalla) facts.push({ label: t.labelKalla, value: a.kalla });
  if (a.omrade) facts.push({ label: t.labelOmrade, value: a.omrade });
  return facts;
}

/** Lines that say where the people come from when it is not simply the asker's unit. */
function scopeLines(t: AnswerTexts, roles: RoleAnswer[], unitName: string | undefined): string[] {
  const lines: string[] = [];
  for (const r of roles) {
    if (r.scope === 'organisation' && r.people.length) lines.push(t.organisationWide(r.roleName));
    if (r.scope === 'chain' && r.people.length && unitName) {
      const manager = r.people.map((p) => t.personWithRole(p.name, r.chainRoleName ?? '', p.unitName)).join(', ');
      lines.push(t.chainAbove(r.roleName, unitName, manager));
    }
  }
  return lines;
}

/** Build the message for any answer kind. `version` goes into the footnote. */
export function ansvarAnswerView(result: AnswerResult, options: { version?: number } = {}): MessageView {
  const t = answerTexts(result.locale);
  const footnote = options.version ? t.footnote(options.version) : undefined;
  const withFoot = (v: MessageView): MessageView => (footnote ? { ...v, footnote } : v);
  const unitLine = result.unit ? [t.forYourUnit(result.unit.name)] : [];
  switch (result.kind) {
    case 'activity': {
      const recipient = result.focus === 'recipient' && result.best.rapporterasTill ? [t.recipientLead(result.best.rapporterasTill)] : [];
      const text = [...recipient, ...unitLine, ...scopeLines(t, result.best.roles, result.unit?.name)];
      return withFoot({
        title: t.title(result.best.aktivitet),
        ...(text.length ? { text } : {}),
        facts: entryFacts(t, result.best),
        ...(result.alternatives.length
          ? {
              list: result.alternatives.map((alt) => ({
                title: `${t.didYouMean} ${alt.aktivitet}`,
                detail: alt.roles.map((r) => r.roleName).join(', '),
                action: { kind: 'submit' as const, id: ActionIds.ansvarAlternative, label: t.alternativeAction(alt.aktivitet), data: { entryId: alt.entryId } },
              })),
            }
          : {}),
      });
    }
    case 'role_holders': {
      const role: RoleAnswer = {
        roleId: result.role.id,
        roleName: result.role.name,
        people: result.people,
        unresolved: result.unresolved,
        ...(result.scope ? { scope: result.scope } : {}),
        ...(result.chainRoleName ? { chainRoleName: result.chainRoleName } : {}),
      };
      const text = result.people.length ? scopeLines(t, [role], result.unit?.name) : [t.roleNobody(result.role.name)];
      if (result.unresolved && result.people.length > MAX_PEOPLE) text.push(t.roleUnknownUnit);
      // A role for the whole organisation is not "for" the asker's unit.
      const titleUnit = result.scope === 'organisation' ? undefined : result.unit?.name;
      return withFoot({
        title: t.roleHoldersTitle(result.role.name, titleUnit),
        ...(text.length ? { text } : {}),
        ...(result.people.length ? { facts: [{ label: t.labelPeople, value: people(t, role) }] } : {}),
      });
    }
    case 'role_duties': {
      // Who holds the role, for the asker's unit: the person, not only the role.
      const holders = result.entries.flatMap((e) => e.roles).find((r) => r.roleId === result.role.id);
      return withFoot({
        title: t.roleDutiesTitle(result.role.name),
        ...(holders?.people.length ? { facts: [{ label: `${t.labelPeople} (${result.role.name})`, value: people(t, holders) }] } : {}),
        ...(result.entries.length ? {} : { text: [t.roleDutiesNone(result.role.name)] }),
        ...(result.total > Math.min(result.entries.length, 15) ? { text: [t.roleDutiesMore(Math.min(result.entries.length, 15), result.total)] } : {}),
        list: result.entries.slice(0, 15).map((e) => ({
          title: e.aktivitet,
          detail: [e.frekvens, e.rapporterasTill ? `${t.labelRapporteras}: ${e.rapporterasTill}` : ''].filter(Boolean).join(' · '),
        })),
      });
    }
    case 'no_match': {
      const who = result.fallback?.people.length ? `${result.fallback.people.map((p) => p.name).join(', ')} (${result.fallback.roleName})` : undefined;
      return withFoot({
        title: t.noMatchTitle,
        tone: 'warning',
        text: [t.noMatch, ...(result.known.length ? [t.knownAreas(result.known.join(', '))] : []), who ? t.askInstead(who) : t.askManager],
      });
    }
  }
}
