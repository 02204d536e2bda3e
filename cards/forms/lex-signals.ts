/**
 * Detects text in a synpunkt that sounds like a lex Sarah or lex Maria matter, so the bot can offer to start that
 * report instead (they are not synpunkter). A hint for a person, never a decision: the keywords are in
 * `lex-keywords.ts`.
 */
import type { FormLocale } from '../form.js';
import { LEX_MARIA_KEYWORDS, LEX_SARAH_KEYWORDS } from './lex-keywords.js';
import { lexSignalTexts } from './messages.js';

export type LexKind = 'lex_sarah' | 'lex_maria';

export interface LexSignals {
  /** Kinds with at least one hit, the one with most hits first. Empty when nothing matched. */
  suggestions: LexKind[];
  /** Keywords (from the list, not the user's text) that matched, per kind. Safe to log. */
  lexSarah: string[];
  lexMaria: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles one keyword entry: whole word, or a stem with `*`; spaces match any whitespace. */
export function keywordPattern(keyword: string): RegExp {
  const stem = keyword.endsWith('*');
  const body = (stem ? keyword.slice(0, -1) : keyword).trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${stem ? '' : '(?![\\p{L}\\p{N}])'}`, 'iu');
}

interface Compiled {
  keyword: string;
  pattern: RegExp;
}

const compile = (list: readonly string[]): Compiled[] => list.map((keyword) => ({ keyword, pattern: keywordPattern(keyword) }));
const SARAH = compile(LEX_SARAH_KEYWORDS);
const MARIA = compile(LEX_MARIA_KEYWORDS);

/** Which lex reports the text may be about. */
export function detectLexSignals(text: string): LexSignals {
  const hits = (list: Compiled[]) => list.filter((k) => k.pattern.test(text)).map((k) => k.keyword);
  const lexSarah = hits(SARAH);
  const lexMaria = hits(MARIA);
  const suggestions: LexKind[] = [];
  if (lexSarah.length > 0) suggestions.push('lex_sarah');
  if (lexMaria.length > 0) suggestions.push('lex_maria');
  if (lexMaria.length > lexSarah.length) suggestions.reverse();
  return { suggestions, lexSarah, lexMaria };
}

/** The question the bot asks when a synpunkt sounds like lex Sarah or lex Maria. */
export function lexSuggestionText(kind: LexKind, locale: FormLocale = 'sv'): string {
  return (kind === 'lex_sarah' ? lexSignalTexts.lexSarah : lexSignalTexts.lexMaria)[locale];
}
