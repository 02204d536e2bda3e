/**
 * Writes docs/errors.md, the table of every error code, from the catalogue (`domain/errors.ts`).
 * `npm run docs:errors`; a test fails when the file is not current.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { userText } from '../domain/error-text.js';
import { AppError, errorCatalogues, type ErrorCode, type ErrorEntry, type ErrorParams } from '../domain/errors.js';
import { isEntryModule } from '../ops/entry.js';

/** Any parameter a text asks for is shown as `{name}`. */
const placeholders = new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? `{${key}}` : undefined) }) as ErrorParams;
const cell = (text: string | undefined) => (text ?? '–').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

export function errorsMarkdown(): string {
  const lines = [
    '# Felkoder / error codes',
    '',
    'Generated from `domain/errors.ts` by `npm run docs:errors`; do not edit by hand (a test checks it is current).',
    '',
    'Every error the bot shows a person has a stable code, a Swedish text (English second) and, where an operator',
    'fixes the cause, a hint. When the app reports an error it showed (`reportError`), or the CLI stops on one, the',
    'hint is logged once with the code, so the log says where and how to fix it; it never holds personal data. Each',
    'subject keeps its codes in `domain/<subject>/errors.ts`; `new AppError(code)` accepts only a code of the catalogue',
    '(a type check). `{name}` is a parameter.',
    '',
  ];
  for (const [prefix, catalogue] of Object.entries(errorCatalogues)) {
    lines.push(`## ${prefix}`, '', '| code | svenska | English | operator hint (logged) |', '| --- | --- | --- | --- |');
    for (const [code, entry] of Object.entries(catalogue) as Array<[string, ErrorEntry]>) {
      const shown = new AppError(code as ErrorCode, placeholders);
      lines.push(`| \`${code}\` | ${cell(userText(shown, 'sv'))} | ${cell(userText(shown, 'en'))} | ${cell(entry.hint)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (isEntryModule(import.meta.url)) {
  const file = path.resolve(import.meta.dirname, '../docs/errors.md');
  writeFileSync(file, errorsMarkdown());
  console.log(`wrote ${file}`);
}
