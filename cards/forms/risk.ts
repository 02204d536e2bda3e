/**
 * Risk score of an avvikelse: konsekvens (1–4) × sannolikhet (1–4) = 1–16, in four levels as in the usual
 * Swedish risk matrix: 1–3 låg, 4–6 måttlig, 8–9 hög, 12–16 mycket hög.
 */
import { riskLevelTexts } from './messages.js';
import type { FormLocale } from '../form.js';

export type RiskLevel = 'low' | 'medium' | 'high' | 'very_high';

export interface Risk {
  /** 1–16. */
  score: number;
  level: RiskLevel;
}

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'very_high'];

/** konsekvens × sannolikhet and its level. Throws a RangeError outside 1–4. */
export function riskOf(consequence: number, likelihood: number): Risk {
  for (const n of [consequence, likelihood]) {
    if (!Number.isInteger(n) || n < 1 || n > 4) throw new RangeError(`Risk factors are integers 1–4, got ${n}`);
  }
  const score = consequence * likelihood;
  const level: RiskLevel = score >= 12 ? 'very_high' : score >= 8 ? 'high' : score >= 4 ? 'medium' : 'low';
  return { score, level };
}

/** "Hög risk (9)". */
export function riskLabel(risk: Risk, locale: FormLocale = 'sv'): string {
  return `${riskLevelTexts[risk.level][locale]} (${risk.score})`;
}
