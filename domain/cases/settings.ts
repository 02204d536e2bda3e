import { z } from 'zod';

/** Case handling configuration with the defaults described in docs/arenden.md. */
export const caseSettingsSchema = z.object({
  roles: z
    .object({
      /** First-line manager of a unit; handles avvikelser and synpunkter. */
      enhetschef: z.string().min(1).default('enhetschef'),
      /** Decides on lex Sarah reports (e.g. förvaltningschef). */
      lexSarahDecision: z.string().min(1).default('förvaltningschef'),
      /** Investigates lex Maria. */
      mas: z.string().min(1).default('MAS'),
      /** Lex Sarah: orders the investigation and names the utredare. */
      lexSarahInvestigationOrder: z.string().min(1).default('avdelningschef'),
      /** Lex Sarah: investigates (the utredare). */
      lexSarahInvestigator: z.string().min(1).default('utredare'),
      /** Lex Sarah: sends the report to IVO, on the nämnd's delegation. */
      lexSarahIvoReport: z.string().min(1).default('förvaltningschef'),
      /** Lex Maria: investigates, decides and reports to IVO (MAS, or a verksamhetschef). */
      lexMariaInvestigator: z.string().min(1).default('MAS'),
      /** Who is told on the nämnd's behalf (puts the matter before the nämnd / individutskottet). */
      namnd: z.string().min(1).default('nämndsekreterare'),
      registrator: z.string().min(1).default('registrator'),
      /** Receives escalated complaints (the complaint delegation). */
      complaintDelegation: z.string().min(1).default('avdelningschef'),
      /** When set, synpunkter go to this role instead of the enhetschef (the matrix's owner for synpunkter). */
      synpunktOwner: z.string().min(1).optional(),
      /** Used when nobody holds a routing role; admins are warned. */
      fallback: z.string().min(1).default('kvalitetsansvarig'),
    })
    .prefault({}),
  avvikelse: z
    .object({
      acknowledgeWorkingDays: z.number().int().min(0).max(30).default(2),
      /** Lex Sarah / lex Maria: acknowledge within this many hours ("at once"). */
      lexAcknowledgeHours: z.number().positive().max(72).default(4),
      /** Not acknowledged after this many hours → the next level up is told too. */
      lexEscalateAfterHours: z.number().positive().max(168).default(8),
      /** Lex steps without a fixed legal time ("utan dröjsmål", "snarast") get these targets, in working days. */
      lexStepWorkingDays: z
        .object({
          order: z.number().int().min(0).max(30).default(1),
          decision: z.number().int().min(0).max(30).default(2),
          ivo_report: z.number().int().min(0).max(30).default(1),
          inform_patient: z.number().int().min(0).max(30).default(2),
          follow_up: z.number().int().min(1).max(250).default(20),
        })
        .prefault({}),
      /** Units run by private providers (utförare), by id: their lex Sarah reports are also told to the nämnd. */
      privateProviderUnitIds: z.array(z.string().min(1)).default([]),
      investigationWorkingDays: z
        .object({
          avvikelse: z.number().int().min(1).max(250).default(20),
          lex_sarah: z.number().int().min(1).max(250).default(10),
          lex_maria: z.number().int().min(1).max(250).default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  synpunkt: z
    .object({
      answerDue: z
        .object({ mode: z.enum(['calendar', 'working']).default('calendar'), days: z.number().int().min(1).max(365).default(14) })
        .prefault({}),
    })
    .prefault({}),
  statistik: z.object({ smallCellThreshold: z.number().int().min(1).max(50).default(5) }).prefault({}),
  /** Base URL of the bot's web pages, if any (not needed). */
  listLimit: z.number().int().min(1).max(100).default(20),
});

export type CaseSettings = z.infer<typeof caseSettingsSchema>;
export type CaseSettingsInput = z.input<typeof caseSettingsSchema>;

export function caseSettings(input: CaseSettingsInput = {}): CaseSettings {
  return caseSettingsSchema.parse(input);
}
