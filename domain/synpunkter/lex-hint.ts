import type { AvvikelseType } from '../avvikelser/types.js';

/*
 * Words that suggest the text is really a lex Sarah (missförhållande in social services / LSS) or lex Maria
 * (vårdskada in health care) matter. A hint only: the person decides; the bot offers to start that report.
 */
const lexMaria = [/v[åa]rdskada/i, /fel\s*medicin/i, /l[äa]kemedel\w*\s+(fel|f[öo]rv[äa]xl)/i, /felmedicin/i, /trycks[åa]r/i, /fallskada/i, /fel\s*dos/i];
const lexSarah = [/missf[öo]rh[åa]llande/i, /v[åa]ld/i, /kr[äa]nk/i, /\bslag(it|en)?\b/i, /hot(at|else)/i, /f[öo]rsummel/i, /lex\s*sarah/i, /\bvanv[åa]rd/i, /ovarsam/i, /l[åa]st\s+in/i];

export function suggestLexReport(text: string): Extract<AvvikelseType, 'lex_sarah' | 'lex_maria'> | null {
  if (/lex\s*maria/i.test(text) || lexMaria.some((r) => r.test(text))) return 'lex_maria';
  if (lexSarah.some((r) => r.test(text))) return 'lex_sarah';
  return null;
}
