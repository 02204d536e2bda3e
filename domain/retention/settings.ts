import { z } from 'zod';
import { AppError } from '../errors.js';
import './errors.js';
import { avvikelseTypes } from '../avvikelser/schema.js';
import { synpunktTypes } from '../synpunkter/schema.js';
import type { StoredCase } from '../cases/types.js';

/**
 * What happens to a closed case when its retention period has passed.
 * - `anonymise`: free text, contact details, reporter and staff identities go; the statistics fields stay.
 * - `remove`: the case document and its audit trail are deleted.
 * - `keep`: nothing happens (the municipality's plan says "bevaras" for this kind of document).
 */
export const retentionActions = ['anonymise', 'remove', 'keep'] as const;
export type RetentionAction = (typeof retentionActions)[number];

const rule = (years: number, action: RetentionAction = 'anonymise') =>
  z
    .object({
      /** Whole calendar years after the case was closed (Europe/Stockholm). */
      years: z.number().int().min(1).max(100).default(years),
      action: z.enum(retentionActions).default(action),
    })
    .prefault({});

/**
 * Retention (gallring) per case type. The defaults are argued in docs/gallring.md; they are defaults only — the
 * municipality's dokumenthanteringsplan decides, and the bot is not the official diary (diariet).
 */
export const retentionSettingsSchema = z.object({
  /** Off: the nightly job does nothing (a dry run still shows what it would do). */
  enabled: z.boolean().default(true),
  avvikelse: z
    .object({
      avvikelse: rule(5),
      lex_sarah: rule(10),
      lex_maria: rule(10),
    })
    .prefault({}),
  synpunkt: z
    .object({
      klagomal: rule(2),
      synpunkt: rule(2),
      forslag: rule(2),
      berom: rule(2),
    })
    .prefault({}),
  /** Cases read and changed per round; each case is its own atomic write. */
  batchSize: z.number().int().min(1).max(1000).default(100),
  /** node-cron expression, Europe/Stockholm. 03:30 exists exactly once on both daylight-saving change days. */
  cron: z.string().min(9).default('30 3 * * *'),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;
export type RetentionSettingsInput = z.input<typeof retentionSettingsSchema>;
export type RetentionRule = RetentionSettings['avvikelse']['avvikelse'];

export function retentionSettings(input: RetentionSettingsInput = {}): RetentionSettings {
  return retentionSettingsSchema.parse(input);
}

export interface RuleEntry {
  kind: StoredCase['kind'];
  type: string;
  rule: RetentionRule;
}

/** Every (kind, type) with its rule, in a stable order. */
export function retentionRules(settings: RetentionSettings): RuleEntry[] {
  return [
    ...avvikelseTypes.map((type) => ({ kind: 'avvikelse' as const, type, rule: settings.avvikelse[type] })),
    ...synpunktTypes.map((type) => ({ kind: 'synpunkt' as const, type, rule: settings.synpunkt[type] })),
  ];
}

/**
 * Parses settings from a JSON/YAML value already read (e.g. the `RETENTION_SETTINGS` variable or a file). Throws
 * `retention.bad_settings` naming the first wrong field.
 */
export function parseRetentionSettings(input: unknown, where: string): RetentionSettings {
  const parsed = retentionSettingsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('retention.bad_settings', { where: `${where}: ${issue.path.join('.') || '(roten)'}`, reason: issue.message });
  }
  return parsed.data;
}
