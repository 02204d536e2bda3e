import type { Risk, RiskLevel } from './schema.js';

/**
 * Risk score = konsekvens × sannolikhet (each 1–4), as in the municipalities' riskanalys matrices.
 * Levels: 1–3 låg, 4–6 medel, 8–9 hög, 12–16 mycket hög.
 */
export function riskLevel(score: number): RiskLevel {
  if (score <= 3) return 'lag';
  if (score <= 6) return 'medel';
  if (score <= 9) return 'hog';
  return 'mycket_hog';
}

export function assessRisk(konsekvens: number, sannolikhet: number): Risk {
  const score = konsekvens * sannolikhet;
  return { konsekvens, sannolikhet, score, level: riskLevel(score) };
}
