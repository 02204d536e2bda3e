import { DateTime } from 'luxon';
import { statisticsView } from '../../../cards/case-statistics.js';
import type { MessageChart, MessageView } from '../../../cards/message.js';
import type { Clock } from '../../../domain/clock.js';
import type { CaseSettings } from '../../../domain/cases/settings.js';
import { AppError } from '../../../domain/errors.js';
import { compileStatistics, type Compilation } from '../../../domain/statistik/compile.js';
import type { StatistikSource } from '../../../domain/statistik/ports.js';
import type { People } from '../../../wiring/people.js';
import type { ChatUser } from '../types.js';

export interface StatisticsDeps {
  statistik: StatistikSource;
  people: People;
  clock: Clock;
  settings: CaseSettings;
}

function charts(c: Compilation): MessageChart[] {
  return c.charts.map((s) => ({
    title: s.title,
    labels: s.labels,
    series: [
      { name: String(c.year), values: s.values },
      { name: String(c.year - 1), values: s.previous },
    ],
  }));
}

/**
 * "Sammanställning 2026 [enhet]": for managers (a managerial role), the quality staff and admins. Counts only, small
 * groups merged, with a chart in Teams and a text table in Slack.
 */
export async function statisticsFor(deps: StatisticsDeps, user: ChatUser, year: number | undefined, unitText: string | undefined): Promise<MessageView> {
  const person = await deps.people.orgPerson(user);
  const dir = await deps.people.directory();
  const allowed =
    person &&
    ((await deps.people.isAdmin(person.id, person.email)) ||
      person.assignments.some((a) => dir.role(a.roleId)?.manager || /kvalitet/i.test(dir.role(a.roleId)?.name ?? '')));
  if (!allowed) throw new AppError('common.forbidden');
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
  return { ...statisticsView(compilation), charts: charts(compilation) };
}
