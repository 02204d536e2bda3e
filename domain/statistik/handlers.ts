import type { ActivityEntry } from '../activity-log.js';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { statisticsView } from './messaging.js';
import type { MessageChart, MessageView } from '../view.js';
import type { Clock } from '../clock.js';
import type { CaseSettings } from '../cases/settings.js';
import { ActionIds } from '../action-ids.js';
import { AppError } from '../errors.js';
import { compileStatistics, type Compilation } from './compile.js';
import { compilationToXlsx } from './export.js';
import { stat } from './messages.js';
import type { DownloadLinkStore, StatistikSource } from './ports.js';
import type { ChatFile, ChatPeople, ChatUser, SubjectHandlers } from '../chat.js';

export interface StatisticsDownloads {
  links: DownloadLinkStore;
  /** Where the app answers HTTP for people's browsers (PUBLIC_BASE_URL, or the local address in development). */
  baseUrl: () => string;
  /** Records who fetched which workbook. */
  audit: (entry: ActivityEntry) => Promise<void>;
}

export interface StatisticsDeps {
  statistik: StatistikSource;
  people: Pick<ChatPeople, 'orgPerson' | 'directory' | 'isAdmin'>;
  clock: Clock;
  settings: Pick<CaseSettings, 'statistik'>;
  /** Offer the workbook in the chat as a short-lived link; without it only the CLI writes workbooks. */
  downloads?: StatisticsDownloads;
}

/** How long a workbook link works. */
export const DOWNLOAD_LINK_MINUTES = 15;
export const DOWNLOAD_PATH = '/download/sammanstallning';

/**
 * Only what can be drawn truthfully: a label is drawn when both years' numbers are shown (a hidden "<5" is not a
 * zero), and a chart only when something in it is not zero. What is left out is said in Swedish.
 */
function charts(c: Compilation): { charts: MessageChart[]; note?: string } {
  const out: MessageChart[] = [];
  let partial = false;
  for (const s of c.charts) {
    const keep = s.labels.map((_, i) => s.values[i] !== null && s.previous[i] !== null);
    if (keep.some((k) => !k)) partial = true;
    const idx = keep.flatMap((k, i) => (k ? [i] : []));
    if (!idx.some((i) => (s.values[i] ?? 0) > 0 || (s.previous[i] ?? 0) > 0)) continue;
    out.push({
      title: s.title,
      labels: idx.map((i) => s.labels[i]!),
      series: [
        { name: String(c.year), values: idx.map((i) => s.values[i]!) },
        { name: String(c.year - 1), values: idx.map((i) => s.previous[i]!) },
      ],
    });
  }
  const nothing = c.synpunkter.total + c.synpunkter.previousTotal + c.avvikelser.total + c.avvikelser.previousTotal === 0;
  if (out.length === 0) return { charts: out, note: nothing ? stat.noCases : stat.noChart(c.threshold) };
  return { charts: out, ...(partial ? { note: stat.chartPartial(c.threshold) } : {}) };
}

/**
 * Managers and admins, decided from the stored organisation: a person holding a role marked as managerial
 * (`chefsroll` in the roles table), or an admin — ADMIN_EMAILS and the holders of the admin roles, which include the
 * quality staff (Kvalitetsansvarig and its aliases).
 */
async function mayCompile(deps: StatisticsDeps, person: { id: string; email?: string; assignments: Array<{ roleId: string }> } | undefined): Promise<boolean> {
  if (!person) return false;
  const dir = await deps.people.directory();
  return person.assignments.some((a) => dir.role(a.roleId)?.manager === true) || (await deps.people.isAdmin(person.id, person.email));
}

/**
 * "Sammanställning 2026 [enhet]": for managers (a managerial role), the quality staff and admins. Counts only, small
 * groups protected, a chart in Teams where there is something to draw, a text table in Slack, and the workbook as
 * a short-lived link for the person who asked.
 */
async function statisticsFor(deps: StatisticsDeps, user: ChatUser, year: number | undefined, unitText: string | undefined): Promise<MessageView> {
  const person = await deps.people.orgPerson(user);
  if (!person || !(await mayCompile(deps, person))) throw new AppError('common.forbidden');
  const dir = await deps.people.directory();
  const now = deps.clock.now();
  const y = year ?? DateTime.fromJSDate(now, { zone: 'Europe/Stockholm' }).year;
  const unit = unitText ? dir.unitByNameOrAlias(unitText) : undefined;
  if (unitText && !unit) return { title: `Hittar ingen enhet som heter "${unitText.slice(0, 60)}"`, text: ['Skriv enhetens namn som i organisationen, till exempel "sammanställning 2026 Solgården".'], tone: 'warning' };
  const compilation = await compileStatistics(deps.statistik, {
    year: y,
    ...(unit ? { unitId: unit.id, unitName: unit.name } : {}),
    threshold: deps.settings.statistik.smallCellThreshold,
    now,
  });
  const view = statisticsView(compilation);
  const drawn = charts(compilation);
  const text = [...(view.text ?? []), ...(drawn.note ? [drawn.note] : [])];
  const result: MessageView = { ...view, ...(text.length ? { text } : {}), ...(drawn.charts.length ? { charts: drawn.charts } : {}) };
  if (!deps.downloads) return result;
  const token = randomBytes(24).toString('base64url');
  await deps.downloads.links.put({
    token,
    personId: person.id,
    year: y,
    ...(unit ? { unitId: unit.id, unitName: unit.name } : {}),
    createdAt: now,
    expiresAt: new Date(now.getTime() + DOWNLOAD_LINK_MINUTES * 60_000),
  });
  // Teams: a link to this app. Slack: a button, and the bot sends the file into the DM (files.uploadV2).
  const action =
    user.channel === 'slack'
      ? { kind: 'submit' as const, id: ActionIds.sammanstallningXlsx, label: stat.download, data: { token } }
      : { kind: 'url' as const, label: stat.download, url: `${deps.downloads.baseUrl()}${DOWNLOAD_PATH}/${token}` };
  return {
    ...result,
    text: [...(result.text ?? []), user.channel === 'slack' ? stat.downloadNoteSlack(DOWNLOAD_LINK_MINUTES) : stat.downloadNote(DOWNLOAD_LINK_MINUTES)],
    actions: [...(result.actions ?? []), action],
  };
}

/**
 * The workbook behind a link: the link must exist and not have expired, and its person must still be allowed (read
 * again from the directory now, not from the link). Every fetch is in the audit trail.
 */
export async function statisticsWorkbook(deps: StatisticsDeps, token: string, asker?: ChatUser): Promise<ChatFile> {
  const downloads = deps.downloads;
  if (!downloads || !/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new AppError('statistik.link_expired');
  const link = await downloads.links.get(token);
  const now = deps.clock.now();
  if (!link || link.expiresAt.getTime() <= now.getTime()) throw new AppError('statistik.link_expired');
  const dir = await deps.people.directory();
  const person = dir.person(link.personId);
  // A button clicked in a chat must be clicked by the person the workbook was made for.
  const clicker = asker ? await deps.people.orgPerson(asker) : undefined;
  if (!(await mayCompile(deps, person)) || (asker && clicker?.id !== link.personId)) {
    const actor = asker ? (clicker?.id ?? `${asker.channel}:${asker.channelUserId}`) : link.personId;
    await downloads.audit({ subject: `statistik:${link.year}`, actor, action: 'statistik.xlsx.refused', at: now, details: { unitId: link.unitId ?? null, linkFor: link.personId } });
    throw new AppError('common.forbidden');
  }
  const compilation = await compileStatistics(deps.statistik, {
    year: link.year,
    ...(link.unitId ? { unitId: link.unitId, unitName: link.unitName } : {}),
    threshold: deps.settings.statistik.smallCellThreshold,
    now,
  });
  const data = await compilationToXlsx(compilation);
  await downloads.audit({ subject: `statistik:${link.year}`, actor: link.personId, action: 'statistik.xlsx.downloaded', at: now, details: { unitId: link.unitId ?? null } });
  const slug = (link.unitName ?? 'alla-enheter')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { filename: `sammanstallning-${link.year}-${slug}.xlsx`, data, title: stat.title(link.year, link.unitName) };
}

/** Statistics in chat: "sammanställning 2026 [enhet]", and the workbook button (Slack: the file in the DM). */
export function statisticsHandlers(deps: StatisticsDeps): SubjectHandlers {
  return {
    intents: { statistics: (intent, user) => statisticsFor(deps, user, intent.year, intent.unit) },
    buttons: {
      [ActionIds.sammanstallningXlsx]: async (data, user) => ({
        kind: 'file',
        file: await statisticsWorkbook(deps, typeof data.token === 'string' ? data.token : '', user),
      }),
    },
  };
}
