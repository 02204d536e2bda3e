import { createRequire } from 'node:module';
import type { FieldOption, FormRenderContext } from '../../../cards/form.js';

/** 2026-03-14 11:00 in Stockholm (UTC+1). */
export const NOW = new Date('2026-03-14T10:00:00Z');

export const UNITS: FieldOption[] = [
  { value: 'u-solgarden', label: 'Solgårdens äldreboende' },
  { value: 'u-hemtjanst-norr', label: 'Hemtjänst Norr' },
  { value: 'u-lss-bjorken', label: 'LSS-bostad Björken' },
];

export const TOKEN = 'tok_0123456789abcdef';

export function renderCtx(extra: Partial<FormRenderContext> = {}): FormRenderContext {
  return { now: NOW, units: UNITS, defaultUnitId: 'u-hemtjanst-norr', token: TOKEN, ...extra };
}

/** Many units, for dropdown filtering and Slack option groups. */
export function manyUnits(n: number): FieldOption[] {
  return Array.from({ length: n }, (_, i) => ({ value: `u-${i}`, label: `Enhet ${String(i).padStart(3, '0')}` }));
}

// The package's `lib/` is extensionless ESM that Node cannot load; its UMD bundle works without a DOM for parsing
// and validation.
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export interface AdaptiveValidation {
  messages: string[];
  /** The card as the object model serialises it back. */
  roundTrip: Record<string, unknown>;
}

/**
 * Parses the card with the official `adaptivecards` object model and collects every parse and validation event
 * (unknown element types, duplicate ids, required inputs without label/error message, empty choice sets …).
 */
export function validateAdaptiveCard(card: unknown): AdaptiveValidation {
  const adaptive = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptive.parse(card as object, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    messages.push(`parse ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of adaptive.validateProperties().validationEvents) messages.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  return { messages, roundTrip: adaptive.toJSON() as Record<string, unknown> };
}

/** All objects in a JSON tree (depth first), for structural assertions. */
export function walk(node: unknown, visit: (obj: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

export function collect(node: unknown, predicate: (obj: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walk(node, (o) => {
    if (predicate(o)) out.push(o);
  });
  return out;
}
