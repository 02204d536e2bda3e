import { z } from 'zod';
import { caseSettings, type CaseSettings, type CaseSettingsInput } from '../cases/settings.js';
import { AppError } from '../errors.js';
import { reminderConfig, type ReminderConfig } from '../paminnelser/schema.js';
import { slugId } from '../ansvarsmatris/directory.js';
import { AdminErrors } from './errors.js';
import { settingText as t } from './messages.js';

/**
 * The settings an administrator may change at run time. Only overrides are stored: a value that was never set
 * follows the default in the code (domain/cases/settings.ts, domain/paminnelser/schema.ts), so a new release can
 * improve a default without a migration.
 */
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const AdminSettingValues = z
  .object({
    synpunktAnswerDays: z.number().int().min(1).max(365),
    synpunktAnswerMode: z.enum(['calendar', 'working']),
    avvikelseAcknowledgeWorkingDays: z.number().int().min(0).max(30),
    lexEscalateAfterHours: z.number().positive().max(168),
    reminderLeadDays: z.array(z.number().int().min(0).max(365)).min(1).max(10),
    officeHours: z.object({ start: HhMm, end: HhMm }).refine((o) => o.start < o.end, { message: 'start before end' }),
    fallbackRole: z.string().trim().min(1).max(100),
    statistikSmallCellThreshold: z.number().int().min(1).max(50),
    /** Unit ids (slugs of the organisation's unit names) run by private providers. */
    privateProviderUnits: z.array(z.string().min(1).max(100)).max(50),
  })
  .partial()
  .strict();
export type AdminSettingValues = z.infer<typeof AdminSettingValues>;
export type AdminSettingField = keyof AdminSettingValues;

/** The settings document as stored: overrides plus who changed them last. */
export const StoredSettings = z.object({
  version: z.number().int().min(0),
  updatedAt: z.date().optional(),
  updatedBy: z.string().optional(),
  values: AdminSettingValues,
});
export type StoredSettings = z.infer<typeof StoredSettings>;

export const EMPTY_SETTINGS: StoredSettings = { version: 0, values: {} };

/** Where the defaults come from (the app may pass its own base configuration). */
export interface SettingsBase {
  caseSettings?: CaseSettingsInput;
  reminderConfig?: Partial<ReminderConfig>;
}

export interface EffectiveConfig {
  caseSettings: CaseSettings;
  reminderConfig: ReminderConfig;
}

/** Stored overrides applied to the two configuration objects the services are built from. */
export function mergeAdminSettings(values: AdminSettingValues, base: SettingsBase = {}): EffectiveConfig {
  const c = caseSettings(base.caseSettings ?? {});
  const r = reminderConfig(base.reminderConfig ?? {});
  const v = AdminSettingValues.parse(values);
  return {
    caseSettings: {
      ...c,
      roles: { ...c.roles, ...(v.fallbackRole !== undefined ? { fallback: v.fallbackRole } : {}) },
      avvikelse: {
        ...c.avvikelse,
        ...(v.avvikelseAcknowledgeWorkingDays !== undefined ? { acknowledgeWorkingDays: v.avvikelseAcknowledgeWorkingDays } : {}),
        ...(v.lexEscalateAfterHours !== undefined ? { lexEscalateAfterHours: v.lexEscalateAfterHours } : {}),
        ...(v.privateProviderUnits !== undefined ? { privateProviderUnitIds: [...v.privateProviderUnits] } : {}),
      },
      synpunkt: {
        ...c.synpunkt,
        answerDue: {
          mode: v.synpunktAnswerMode ?? c.synpunkt.answerDue.mode,
          days: v.synpunktAnswerDays ?? c.synpunkt.answerDue.days,
        },
      },
      statistik: { ...c.statistik, ...(v.statistikSmallCellThreshold !== undefined ? { smallCellThreshold: v.statistikSmallCellThreshold } : {}) },
    },
    reminderConfig: {
      ...r,
      ...(v.reminderLeadDays !== undefined ? { leadTimesDays: [...v.reminderLeadDays] } : {}),
      ...(v.officeHours !== undefined ? { officeHours: { ...v.officeHours } } : {}),
    },
  };
}

/** One setting as an admin sees it: a Swedish key, a label, how to read and show its value. */
export interface SettingKey {
  key: string;
  field: AdminSettingField;
  label: string;
  example: string;
  /** The value in effect, from the merged configuration. */
  effective(config: EffectiveConfig): string;
  /** Parses the typed text; throws AppError(admin.invalid_setting) with a Swedish reason. */
  parse(raw: string): AdminSettingValues[AdminSettingField];
}

function invalid(key: string, value: string, reason: string): AppError {
  return new AppError(AdminErrors.invalidSetting, { key, value: value.slice(0, 60), reason });
}

function intIn(key: string, raw: string, min: number, max: number): number {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) throw invalid(key, raw, t.wholeNumber(min, max));
  const n = Number(s);
  if (n < min || n > max) throw invalid(key, raw, t.wholeNumber(min, max));
  return n;
}

/** A setting whose value is a whole number from `min` to `max`; the typed key names it in the refusal. */
function wholeNumberSetting(s: Omit<SettingKey, 'effective' | 'parse'> & { current: (c: EffectiveConfig) => number; min: number; max: number }): SettingKey {
  const { current, min, max, ...shown } = s;
  return { ...shown, effective: (c) => String(current(c)), parse: (raw) => intIn(s.key, raw, min, max) };
}

const modeWords: Record<string, 'calendar' | 'working'> = {
  kalender: 'calendar',
  kalenderdagar: 'calendar',
  calendar: 'calendar',
  arbetsdagar: 'working',
  arbetsdag: 'working',
  working: 'working',
};

const modeLabel = (m: 'calendar' | 'working') => (m === 'calendar' ? t.calendarDays : t.workingDays);

export const SETTING_KEYS: SettingKey[] = [
  wholeNumberSetting({
    key: 'svarstid',
    field: 'synpunktAnswerDays',
    label: t.labelAnswerDays,
    example: '14',
    current: (c) => c.caseSettings.synpunkt.answerDue.days,
    min: 1,
    max: 365,
  }),
  {
    key: 'svarstid-dagtyp',
    field: 'synpunktAnswerMode',
    label: t.labelAnswerMode,
    example: 'kalenderdagar',
    effective: (c) => modeLabel(c.caseSettings.synpunkt.answerDue.mode),
    parse: (raw) => {
      const m = modeWords[raw.trim().toLocaleLowerCase('sv-SE')];
      if (!m) throw invalid('svarstid-dagtyp', raw, t.modeWords);
      return m;
    },
  },
  wholeNumberSetting({
    key: 'kvittens-avvikelse',
    field: 'avvikelseAcknowledgeWorkingDays',
    label: t.labelAcknowledge,
    example: '2',
    current: (c) => c.caseSettings.avvikelse.acknowledgeWorkingDays,
    min: 0,
    max: 30,
  }),
  wholeNumberSetting({
    key: 'eskalering-lex-sarah',
    field: 'lexEscalateAfterHours',
    label: t.labelLexEscalate,
    example: '8',
    current: (c) => c.caseSettings.avvikelse.lexEscalateAfterHours,
    min: 1,
    max: 168,
  }),
  {
    key: 'påminnelsedagar',
    field: 'reminderLeadDays',
    label: t.labelLeadDays,
    example: '14,3,0',
    effective: (c) => c.reminderConfig.leadTimesDays.join(','),
    parse: (raw) => {
      const parts = raw.split(/[,;\s]+/).filter(Boolean);
      if (parts.length === 0 || parts.length > 10) throw invalid('påminnelsedagar', raw, t.leadDays);
      const days = parts.map((p) => {
        if (!/^\d+$/.test(p) || Number(p) > 365) throw invalid('påminnelsedagar', raw, t.leadDays);
        return Number(p);
      });
      return [...new Set(days)].sort((a, b) => b - a);
    },
  },
  {
    key: 'kontorstid',
    field: 'officeHours',
    label: t.labelOfficeHours,
    example: '08:00-16:30',
    effective: (c) => (c.reminderConfig.officeHours ? `${c.reminderConfig.officeHours.start}-${c.reminderConfig.officeHours.end}` : t.anyTime),
    parse: (raw) => {
      const m = /^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*$/.exec(raw);
      if (!m) throw invalid('kontorstid', raw, t.officeHours);
      const hhmm = (h: string, mm: string) => `${h.padStart(2, '0')}:${mm}`;
      const parsed = AdminSettingValues.shape.officeHours.safeParse({ start: hhmm(m[1]!, m[2]!), end: hhmm(m[3]!, m[4]!) });
      if (!parsed.success || !parsed.data) throw invalid('kontorstid', raw, t.officeHours);
      return parsed.data;
    },
  },
  {
    key: 'reservroll',
    field: 'fallbackRole',
    label: t.labelFallbackRole,
    example: 'Kvalitetsutvecklare',
    effective: (c) => c.caseSettings.roles.fallback,
    parse: (raw) => {
      const s = raw.trim().replace(/\s+/g, ' ');
      if (!s || s.length > 100) throw invalid('reservroll', raw, t.roleName);
      return s;
    },
  },
  {
    key: 'privata-utförare',
    field: 'privateProviderUnits',
    label: t.labelPrivateProviders,
    example: 'Gruppbostaden Eken, Daglig verksamhet',
    effective: (c) => (c.caseSettings.avvikelse.privateProviderUnitIds.length ? c.caseSettings.avvikelse.privateProviderUnitIds.join(', ') : t.noUnits),
    parse: (raw) => {
      const ids = [...new Set(raw.split(',').map((u) => slugId(u.trim())).filter(Boolean))];
      if (ids.length === 0 || ids.length > 50) throw invalid('privata-utförare', raw, t.unitList);
      return ids;
    },
  },
  wholeNumberSetting({
    key: 'minsta-grupp',
    field: 'statistikSmallCellThreshold',
    label: t.labelSmallCell,
    example: '5',
    current: (c) => c.caseSettings.statistik.smallCellThreshold,
    min: 1,
    max: 50,
  }),
];

/** Typed keys are matched without case and accents ("Påminnelsedagar", "paminnelsedagar"). */
const foldKey = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .trim();

export function findSettingKey(key: string): SettingKey {
  const k = foldKey(key);
  const found = SETTING_KEYS.find((s) => foldKey(s.key) === k);
  if (!found) throw new AppError(AdminErrors.unknownSetting, { key: key.slice(0, 40), keys: SETTING_KEYS.map((s) => s.key).join(', ') });
  return found;
}

/** Words that remove an override so the default applies again. */
export const RESET_WORDS = ['standard', 'default', 'återställ'];

export function isResetWord(raw: string): boolean {
  return RESET_WORDS.includes(raw.trim().toLocaleLowerCase('sv-SE'));
}
