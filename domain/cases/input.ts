import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Parses an edge payload; the first problem becomes `cases.invalid_input` naming the field (never its value). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('cases.invalid_input', { field: issue?.path.join('.') || 'formulär', reason: issue?.message ?? 'ogiltigt' });
}
