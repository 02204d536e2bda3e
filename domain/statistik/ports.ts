/** One group of cases with identical dimensions (from a $group), counted. */
export interface StatRow {
  kind: 'avvikelse' | 'synpunkt';
  type: string;
  unitId: string;
  unitName: string;
  month: number;
  source: string | null;
  topic: string | null;
  riskLevel: string | null;
  count: number;
}

export interface AnswerRow {
  receivedAt: Date;
  answerDueAt: Date;
  answeredAt: Date | null;
  answeredInTime: boolean | null;
}

/** Read side for the compilation; `unitId` includes the unit's sub-units. */
export interface StatistikSource {
  groupCounts(year: number, unitId?: string): Promise<StatRow[]>;
  /** Synpunkter of the year (by receipt), answer fields only. */
  answerRows(year: number, unitId?: string): Promise<AnswerRow[]>;
}

/** A stored offer of one workbook to one person: the token is the only thing in the link. */
export interface DownloadLink {
  token: string;
  personId: string;
  year: number;
  unitId?: string;
  unitName?: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface DownloadLinkStore {
  put(link: DownloadLink): Promise<void>;
  get(token: string): Promise<DownloadLink | undefined>;
}
