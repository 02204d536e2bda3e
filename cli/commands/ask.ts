import type { AnswerResult } from '../../domain/ansvarsmatris/answer.js';
import { cliText } from '../../domain/ansvarsmatris/messages.js';
import { ansvarAnswerView } from '../../domain/ansvarsmatris/messaging.js';
import type { MessageView } from '../../domain/view.js';
import { parseArgs } from '../context.js';
import type { CliCommand } from './index.js';

/** Plain-text rendering of the same MessageView the chat channels get. */
export function viewAsText(view: MessageView): string {
  const lines = [view.title];
  for (const p of view.text ?? []) lines.push(p);
  for (const f of view.facts ?? []) lines.push(`  ${f.label}: ${f.value}`);
  for (const item of view.list ?? []) lines.push(`  • ${item.title}${item.detail ? ` — ${item.detail}` : ''}`);
  if (view.footnote) lines.push(view.footnote);
  return lines.join('\n');
}

/** The JSON of `ask --json`: ranked answers with role, aktivitet, score and resolved people. */
export function answerJson(result: AnswerResult): Record<string, unknown> {
  const base = { question: result.question, kind: result.kind, unit: result.unit ?? null };
  switch (result.kind) {
    case 'activity':
      return { ...base, answers: result.ranked.slice(0, 5), alternatives: result.alternatives.map((a) => a.aktivitet) };
    case 'no_match':
      return { ...base, answers: [], fallback: result.fallback ?? null, candidates: result.ranked.slice(0, 3).map((a) => ({ aktivitet: a.aktivitet, score: a.score, confidence: a.confidence })) };
    case 'role_holders':
      return { ...base, role: result.role, people: result.people };
    case 'role_duties':
      return { ...base, role: result.role, total: result.total, answers: result.entries };
  }
}

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'Fråga ansvarsmatrisen, t.ex. ask "vem ansvarar för lex Maria?" --unit Solgården',
  async run(args, ctx) {
    const { positional, options } = parseArgs(args, ['json']);
    const question = positional.join(' ').trim();
    if (!question) {
      ctx.err(cliText.missingArgument('en fråga'));
      return 2;
    }
    const service = await ctx.ansvar();
    const unitText = typeof options.unit === 'string' ? options.unit : undefined;
    const directory = await service.directory();
    if (unitText && !directory.unitByNameOrAlias(unitText)) {
      ctx.err(cliText.unknownUnit(unitText) + directory.listUnits().map((u) => u.name).join(', '));
      return 2;
    }
    const result = await service.ask(question, unitText ? { unitId: unitText } : {});
    if (options.json) ctx.out(JSON.stringify(answerJson(result), null, 2));
    else ctx.out(viewAsText(ansvarAnswerView(result, { version: directory.version })));
    return result.kind === 'no_match' ? 3 : 0;
  },
};
