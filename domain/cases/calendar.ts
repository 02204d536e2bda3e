import { addCalendarDays, addWorkingDays, isWorkingDay, toStockholmDate } from '../calendar/swedish-calendar.js';
import type { WorkingCalendar } from './ports.js';

/** The Swedish working calendar (Europe/Stockholm, public holidays, weekends) behind the case port. */
export const swedishWorkingCalendar: WorkingCalendar = {
  addWorkingDays: (from, n) => addWorkingDays(from, n),
  addCalendarDays: (from, n) => addCalendarDays(from, n),
  isWorkingDay: (date) => isWorkingDay(toStockholmDate(date)),
};
