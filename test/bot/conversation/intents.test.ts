import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../bot/conversation/intents.js';

describe('what people write', () => {
  it('recognises every command of the Teams app and Slack /kvalitet', () => {
    expect(parseIntent('hjälp')).toEqual({ kind: 'help' });
    expect(parseIntent('Hjälp!')).toEqual({ kind: 'help' });
    expect(parseIntent('avvikelse')).toEqual({ kind: 'avvikelse' });
    expect(parseIntent('lex sarah')).toEqual({ kind: 'avvikelse' });
    expect(parseIntent('synpunkt')).toEqual({ kind: 'synpunkt' });
    expect(parseIntent('klagomål')).toEqual({ kind: 'synpunkt' });
    expect(parseIntent('vem ansvarar')).toEqual({ kind: 'askPrompt' });
    expect(parseIntent('mina ärenden')).toEqual({ kind: 'myCases' });
    expect(parseIntent('Mina uppgifter')).toEqual({ kind: 'myTasks' });
    expect(parseIntent('sammanställning 2026 Solgården')).toEqual({ kind: 'statistics', year: 2026, unit: 'solgården' });
  });

  it('treats anything else as a question to the ansvarsmatris, without the mention', () => {
    expect(parseIntent('<at>Kvalitetsbot</at> vem ansvarar för lex Maria?')).toEqual({ kind: 'ask', question: 'vem ansvarar för lex Maria?' });
    expect(parseIntent('<@UBOT> vem är MAS')).toEqual({ kind: 'ask', question: 'vem är MAS' });
    expect(parseIntent('   ')).toEqual({ kind: 'empty' });
  });
  it('opens a case from its number however it is typed', () => {
    for (const typed of ['AVV-2026-0001', 'avv-2026-0001', 'avv20260001', 'AVV 2026 0001', 'ärende AVV-2026-0001', 'visa syn-2026-0012', '<at>Kvalitetsboten</at> avv-2026-0001']) {
      const intent = parseIntent(typed);
      expect(intent.kind, typed).toBe('openCase');
    }
    expect(parseIntent('avv20260001')).toEqual({ kind: 'openCase', number: 'AVV-2026-0001' });
    expect(parseIntent('visa syn-2026-0012')).toEqual({ kind: 'openCase', number: 'SYN-2026-0012' });
    expect(parseIntent('vem ansvarar för AVV-2026-0001?').kind).toBe('ask');
    expect(parseIntent('avv-26-1').kind).toBe('ask');
  });
});
