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
});
