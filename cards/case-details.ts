/**
 * The "Visa detaljer" dialog (Teams task module / Slack modal): the ONE place where a case's free text and a
 * synpunkt's contact details are shown. The handler builds it from `AvvikelseService.viewDetails` /
 * `SynpunktService.viewDetails`, which authorise the viewer and audit the view first; never post this view in a
 * chat, only in a dialog.
 *
 * Long texts are shortened so both renderings stay within Slack's limits (section text ≤ 3000 characters after
 * escaping, ≤ 50 blocks in a message, ≤ 100 in a modal); the full text stays in the case.
 */
import type { MessageFact, MessageListItem, MessageView } from '../domain/view.js';
import { supplementAnswerAction, summaryFacts, transitionActions } from '../domain/cases/messaging.js';
import { escapeSlack } from './render-message.js';
import type { FormLocale } from './form.js';
import { fill, type Text } from './forms/messages.js';
import { caseDetailsTexts as D, lexTransitionTexts as L } from './forms/case-transition-messages.js';
import { formatDate, formatDateTime } from '../domain/cases/numbering.js';
import type { CaseSummary } from '../domain/cases/summary.js';
import type { AvvikelseDetails, AvvikelseDoc } from '../domain/avvikelser/schema.js';
import type { SynpunktDetails, SynpunktDoc } from '../domain/synpunkter/schema.js';
import { synpunktTexts } from '../domain/synpunkter/messages.js';

/** What `viewDetails` of either service returns. */
export type CaseDetailsInput =
  | { case: AvvikelseDoc; details: AvvikelseDetails; summary: CaseSummary }
  | { case: SynpunktDoc; details: SynpunktDetails; summary: CaseSummary };

export interface CaseDetailsOptions {
  /** Texts of this view; the summary's labels come from the domain as they are. */
  locale?: FormLocale;
  /** The viewer is the reporter and a supplement is requested: offer the answer dialog. */
  canAnswerSupplement?: boolean;
}

/** Room for one text section in Slack (3000) minus its heading and markup. */
export const DETAIL_TEXT_MAX = 2700;
/** Headings (e.g. a person's name in "Begärd komplettering …") and fact values are cut to these. */
const HEADING_MAX = 150;
const FACT_MAX = 300;
/** History entries (supplements, escalation notes) shown; older ones are counted, not shown. */
export const HISTORY_MAX = 10;

/**
 * Cuts `text` so that even after Slack escaping (`&` → `&amp;` …) it takes at most `max` characters, ending in "…".
 * Cuts on code points so an emoji or å is never split.
 */
export function clipText(text: string, max: number): { text: string; clipped: boolean } {
  if (escapeSlack(text).length <= max) return { text, clipped: false };
  const chars = Array.from(text);
  let used = 1; // the ellipsis
  let end = 0;
  while (end < chars.length) {
    const cost = escapeSlack(chars[end]!).length;
    if (used + cost > max) break;
    used += cost;
    end += 1;
  }
  return { text: `${chars.slice(0, end).join('').trimEnd()}…`, clipped: true };
}

type T = (text: Text) => string;

function section(title: string, body: string, t: T): MessageListItem {
  const note = t(D.truncated);
  const clipped = clipText(body, DETAIL_TEXT_MAX);
  if (!clipped.clipped) return { title: clipText(title, HEADING_MAX).text, detail: body };
  // Make room for the note so the whole section still fits.
  const shorter = clipText(body, DETAIL_TEXT_MAX - escapeSlack(note).length - 2);
  return { title: clipText(title, HEADING_MAX).text, detail: `${shorter.text}\n\n${note}` };
}

function fact(label: string, value: string): MessageFact {
  return { label, value: clipText(value, FACT_MAX).text };
}

/** Dated entries, oldest first; only the newest `HISTORY_MAX` are shown, with a line counting the rest. */
function history(entries: Array<{ at: Date; title: string; body: string }>, t: T): MessageListItem[] {
  const sorted = [...entries].sort((a, b) => a.at.getTime() - b.at.getTime());
  const hidden = Math.max(0, sorted.length - HISTORY_MAX);
  const items: MessageListItem[] = [];
  if (hidden > 0) items.push({ title: fill(t(D.olderEntries), { count: hidden }) });
  for (const e of sorted.slice(hidden)) items.push(section(e.title, e.body, t));
  return items;
}

function avvikelseParts(doc: AvvikelseDoc, details: AvvikelseDetails, t: T): { facts: MessageFact[]; list: MessageListItem[] } {
  const informed = { ja: D.informedJa, nej: D.informedNej, ej_aktuellt: D.informedEjAktuellt }[doc.informed];
  const facts: MessageFact[] = [
    fact(t(D.occurredAt), formatDateTime(doc.occurredAt)),
    fact(t(D.informed), t(informed)),
    fact(t(D.reportedBy), doc.reporter.name),
  ];
  if (doc.acknowledgedAt) facts.push(fact(t(D.acknowledgedAt), formatDateTime(doc.acknowledgedAt)));
  if (doc.closedAt) facts.push(fact(t(D.closedAt), formatDateTime(doc.closedAt)));

  const list: MessageListItem[] = [];
  const add = (label: Text, text: string | undefined) => {
    if (text && text.trim()) list.push(section(t(label), text, t));
  };
  add(D.location, details.location);
  add(D.description, details.description);
  add(D.immediateActions, details.immediateActions);
  add(D.improvement, details.improvement);
  add(D.measure, details.measure);
  // Lex Sarah / lex Maria: the investigation record (SOSFS 2011:5 content) and the follow-up of the measures.
  const inv = details.investigation;
  if (inv) {
    add(L.whatHappened, inv.whatHappened);
    add(L.consequences, inv.consequences);
    add(L.causes, inv.causes);
    add(L.measuresTaken, inv.measuresTaken);
    add(L.measuresPlanned, inv.measuresPlanned);
    add(L.personInformed, inv.personInformed);
  }
  add(L.followUpNote, details.followUp);
  list.push(
    ...history(
      [
        ...details.supplementRequests.map((r) => ({ at: r.at, title: fill(t(D.supplementRequest), { date: formatDate(r.at), name: r.byName }), body: r.question })),
        ...details.supplements.map((s) => ({ at: s.at, title: fill(t(D.supplement), { date: formatDate(s.at) }), body: s.text })),
      ],
      t,
    ),
  );
  return { facts, list };
}

function synpunktParts(doc: SynpunktDoc, details: SynpunktDetails, t: T): { facts: MessageFact[]; list: MessageListItem[] } {
  const syn = synpunktTexts.sv;
  const facts: MessageFact[] = [fact(t(D.topic), syn.topics[doc.topic] ?? doc.topic)];
  const method = doc.answerMethod ? syn.answerMethods[doc.answerMethod].toLowerCase() : undefined;
  facts.push(fact(t(D.wantsAnswer), doc.wantsAnswer ? (method ? fill(t(D.wantsAnswerYes), { method }) : t(D.yes)) : t(D.wantsAnswerNo)));
  if (doc.answeredInTime !== undefined) facts.push(fact(t(D.answeredInTime), t(doc.answeredInTime ? D.yes : D.no)));
  if (doc.forwardedFrom.length > 0) facts.push(fact(t(D.forwardedFrom), fill(t(D.forwardedCount), { count: doc.forwardedFrom.length })));
  facts.push(fact(t(D.registeredBy), doc.reporter.name));
  if (doc.acknowledgedAt) facts.push(fact(t(D.acknowledgedAt), formatDateTime(doc.acknowledgedAt)));
  if (doc.closedAt) facts.push(fact(t(D.closedAt), formatDateTime(doc.closedAt)));

  const list: MessageListItem[] = [section(t(D.synpunktDescription), details.description, t)];
  const c = details.contact;
  const contactLines = [
    c.name ? `${t(D.contactName)}: ${c.name}` : undefined,
    c.phone ? `${t(D.contactPhone)}: ${c.phone}` : undefined,
    c.email ? `${t(D.contactEmail)}: ${c.email}` : undefined,
    c.address ? `${t(D.contactAddress)}: ${c.address.replace(/\s*\n\s*/g, ', ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  list.push(section(t(D.contact), contactLines.length ? contactLines.join('\n') : t(D.noContact), t));
  if (details.answerSummary?.trim()) list.push(section(t(D.answerSummary), details.answerSummary, t));
  list.push(
    ...history(
      details.escalationNotes.map((n) => ({
        at: n.at,
        title: fill(t(D.escalationNote), { date: formatDate(n.at), name: n.byName }),
        body: n.note.trim() ? n.note : t(D.escalationNoNote),
      })),
      t,
    ),
  );
  return { facts, list };
}

/**
 * The details dialog of a case: the chat-safe facts of the summary, the case's own facts and free text, the
 * handler's action buttons (empty for a viewer who may not act), and a note that the view is logged.
 */
export function caseDetailsView(input: CaseDetailsInput, options: CaseDetailsOptions = {}): MessageView {
  const t: T = (text) => (options.locale === 'en' ? text.en : text.sv);
  const s = input.summary;
  const parts =
    input.case.kind === 'avvikelse'
      ? avvikelseParts(input.case, input.details as AvvikelseDetails, t)
      : synpunktParts(input.case, input.details as SynpunktDetails, t);
  const actions = [...(options.canAnswerSupplement ? [supplementAnswerAction(s)] : []), ...transitionActions(s)];
  return {
    title: fill(t(D.title), { type: s.typeLabel, number: s.number }),
    facts: [...summaryFacts(s), ...parts.facts],
    list: parts.list,
    ...(actions.length ? { actions } : {}),
    footnote: t(D.footnote),
    tone: s.overdue ? 'warning' : 'default',
  };
}
