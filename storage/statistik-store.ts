import type { Db } from 'mongodb';
import { z } from 'zod';
import type { AnswerRow, StatistikSource, StatRow } from '../domain/statistik/ports.js';
import { CASES, guard } from './cases.js';

const groupSchema = z.object({
  _id: z.object({
    kind: z.enum(['avvikelse', 'synpunkt']),
    type: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    month: z.number().int().min(1).max(12),
    source: z.string().nullish(),
    topic: z.string().nullish(),
    riskLevel: z.string().nullish(),
  }),
  n: z.number().int(),
});

const answerSchema = z.object({
  receivedAt: z.date(),
  answerDueAt: z.date(),
  answeredAt: z.date().nullish(),
  answeredInTime: z.boolean().nullish(),
});

/** Statistics with $match/$group over the cases collection (works on Atlas, Cosmos DB vCore, FerretDB). */
export class MongoStatistikSource implements StatistikSource {
  constructor(private readonly db: Db) {}

  async groupCounts(year: number, unitId?: string): Promise<StatRow[]> {
    const match: Record<string, unknown> = { 'period.year': year };
    if (unitId) match.unitPath = unitId;
    const raws = await guard(() =>
      this.db
        .collection(CASES)
        .aggregate([
          { $match: match },
          {
            $group: {
              _id: {
                kind: '$kind',
                type: '$type',
                unitId: '$unitId',
                unitName: '$unitName',
                month: '$period.month',
                source: '$source',
                topic: '$topic',
                riskLevel: '$risk.level',
              },
              n: { $sum: 1 },
            },
          },
        ])
        .toArray(),
    );
    return raws.map((raw) => {
      const g = groupSchema.parse(raw);
      return { ...g._id, source: g._id.source ?? null, topic: g._id.topic ?? null, riskLevel: g._id.riskLevel ?? null, count: g.n };
    });
  }

  async answerRows(year: number, unitId?: string): Promise<AnswerRow[]> {
    const filter: Record<string, unknown> = { kind: 'synpunkt', 'period.year': year };
    if (unitId) filter.unitPath = unitId;
    const raws = await guard(() =>
      this.db
        .collection(CASES)
        .find(filter, { projection: { _id: 0, receivedAt: 1, answerDueAt: 1, answeredAt: 1, answeredInTime: 1 } })
        .toArray(),
    );
    return raws.map((raw) => {
      const a = answerSchema.parse(raw);
      return { receivedAt: a.receivedAt, answerDueAt: a.answerDueAt, answeredAt: a.answeredAt ?? null, answeredInTime: a.answeredInTime ?? null };
    });
  }
}
