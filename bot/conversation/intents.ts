import type { Intent } from '../../domain/chat.js';

// Swedish has no lower-casing rules of its own (only Turkish, Azeri and Lithuanian do), so the locale-free
// toLowerCase gives the same result as toLocaleLowerCase('sv-SE'), without a locale look-up on every message.
const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

export function parseIntent(raw: string | undefined): Intent {
  // Teams prefixes mentions with <at>…</at>; Slack with <@U…>.
  const text = fold((raw ?? '').replace(/<at>[^<]*<\/at>/g, ' ').replace(/<@[A-Z0-9]+>/g, ' ').replace(/[!.?]+$/, ''));
  if (!text) return { kind: 'empty' };
  if (/^(hjälp|help|hej|hallå|start|meny|\?)$/.test(text)) return { kind: 'help' };
  if (/^(ny |rapportera |anmäl )?(avvikelse|lex sarah|lex maria)$/.test(text)) return { kind: 'avvikelse' };
  if (/^(ny |registrera )?(synpunkt|klagomål|synpunkter)$/.test(text)) return { kind: 'synpunkt' };
  if (/^(vem ansvarar|vem gör|vem ska)( för)?$/.test(text)) return { kind: 'askPrompt' };
  const number = typedCaseNumber(text);
  if (number) return { kind: 'openCase', number };
  if (/^mina (ärenden|avvikelser|synpunkter)$/.test(text)) return { kind: 'myCases' };
  if (/^mina (uppgifter|påminnelser|kommande uppgifter)$/.test(text)) return { kind: 'myTasks' };
  const stats = /^(sammanställning|statistik)(?: (\d{4}))?(?: (.+))?$/.exec(text);
  if (stats) {
    return { kind: 'statistics', ...(stats[2] ? { year: Number(stats[2]) } : {}), ...(stats[3] ? { unit: stats[3] } : {}) };
  }
  return { kind: 'ask', question: (raw ?? '').replace(/<at>[^<]*<\/at>/g, ' ').replace(/<@[A-Z0-9]+>/g, ' ').trim() };
}

/**
 * A case number in any of the ways people type it: upper or lower case, with dashes, spaces or nothing between the
 * parts, optionally after "ärende"/"visa"/"öppna". Returns the stored form (AVV-2026-0001) or undefined.
 */
export function typedCaseNumber(text: string): string | undefined {
  const m = /^(?:(?:visa|öppna)\s+)?(?:ärende(?:nummer)?\s*:?\s*)?(avv|syn)[\s-]*(\d{4})[\s-]*(\d{4,6})$/i.exec(fold(text));
  return m ? `${m[1]!.toUpperCase()}-${m[2]}-${m[3]}` : undefined;
}
