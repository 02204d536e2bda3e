import { z } from 'zod';

/**
 * The ansvarsmatris data model: an organisation (units as a tree), roles with aliases, people holding roles in
 * units, the matrix of activities and who is responsible, and a vocabulary of synonyms. All of it is data an admin
 * imports; nothing here is hard-coded per municipality.
 */

const text = z.string().trim();
const nonEmpty = text.min(1);

/** Kinds of unit, top to bottom. Free to use; only the tree (parentId) drives resolution. */
export const UnitKindSchema = z.enum(['forvaltning', 'avdelning', 'enhet']);
export type UnitKind = z.infer<typeof UnitKindSchema>;

export const UnitSchema = z.object({
  id: nonEmpty,
  name: nonEmpty,
  shortName: text.optional(),
  aliases: z.array(nonEmpty).default([]),
  /** Undefined for the root (förvaltning). */
  parentId: nonEmpty.optional(),
  kind: UnitKindSchema.optional(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const RoleSchema = z.object({
  id: nonEmpty,
  name: nonEmpty,
  aliases: z.array(nonEmpty).default([]),
  /** A managerial role leads the unit it is assigned to; used for escalation (managerOf) and fallbacks. */
  manager: z.boolean().default(false),
});
export type Role = z.infer<typeof RoleSchema>;

export const AssignmentSchema = z.object({ roleId: nonEmpty, unitId: nonEmpty });

export const PersonSchema = z.object({
  /** The lower-cased e-mail address; the key used to map Teams and Slack users. */
  id: nonEmpty,
  name: nonEmpty,
  email: z.email(),
  teamsAadObjectId: text.optional(),
  slackUserId: text.optional(),
  assignments: z.array(AssignmentSchema).default([]),
});
export type OrgPerson = z.infer<typeof PersonSchema>;

export const MatrixEntrySchema = z.object({
  id: nonEmpty,
  omrade: text,
  aktivitet: nonEmpty,
  /** One or more role ids, in the order written in the source. */
  ansvariga: z.array(nonEmpty).min(1),
  frekvens: text.default(''),
  rapporterasTill: text.default(''),
  kalla: text.default(''),
  keywords: z.array(nonEmpty).default([]),
});
export type MatrixEntry = z.infer<typeof MatrixEntrySchema>;

/** A group of terms that mean the same thing ("IVO" = "Inspektionen för vård och omsorg"). */
export const SynonymGroupSchema = z.object({
  term: nonEmpty,
  synonyms: z.array(nonEmpty).min(1),
  /**
   * `verb` for a group of verbs ("upprätta", "skriva", "ta fram"): staff choose verbs freely, so a verb weighs less
   * than the thing it is done to when a question is matched.
   */
  kind: z.enum(['verb']).optional(),
});
export type SynonymGroup = z.infer<typeof SynonymGroupSchema>;

/** Everything one version of the data holds. */
export const AnsvarSnapshotSchema = z.object({
  units: z.array(UnitSchema),
  roles: z.array(RoleSchema),
  people: z.array(PersonSchema),
  entries: z.array(MatrixEntrySchema),
  vocabulary: z.array(SynonymGroupSchema),
});
export type AnsvarSnapshot = z.infer<typeof AnsvarSnapshotSchema>;

export const emptySnapshot = (): AnsvarSnapshot => ({ units: [], roles: [], people: [], entries: [], vocabulary: [] });

/** The tables an import can carry. An import replaces the tables it carries and keeps the others. */
export type TableKind = 'organisation' | 'roller' | 'personer' | 'matris' | 'vokabular';

/** Metadata of one imported version. */
export const VersionInfoSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.date(),
  sources: z.array(z.string()),
  counts: z.object({ units: z.number(), roles: z.number(), people: z.number(), entries: z.number(), vocabulary: z.number() }),
  warnings: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type VersionInfo = z.infer<typeof VersionInfoSchema>;
