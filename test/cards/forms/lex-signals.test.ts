import { describe, expect, it } from 'vitest';
import { detectLexSignals, keywordPattern, lexSuggestionText } from '../../../cards/forms/lex-signals.js';
import { LEX_MARIA_KEYWORDS, LEX_SARAH_KEYWORDS } from '../../../cards/forms/lex-keywords.js';

describe('detectLexSignals', () => {
  it('suggests lex Sarah for abuse, neglect and threats', () => {
    for (const text of [
      'Dottern berättar att hennes mamma blev hotad och att personalen sa kränkande saker.',
      'Brukaren lämnades ensam hela natten.',
      'Personal misshandlade en boende enligt anhörig.',
      'Pengar försvann ur plånboken flera gånger, misstänkt stöld.',
      'Hon låg i urin när dottern kom på besök.',
    ]) {
      expect(detectLexSignals(text).suggestions[0], text).toBe('lex_sarah');
    }
  });

  it('suggests lex Maria for medication errors, falls and pressure ulcers', () => {
    for (const text of [
      'Pappa fick fel läkemedel i söndags.',
      'Min mamma föll i badrummet och fick en höftfraktur.',
      'Han har fått trycksår som ingen upptäckt.',
      'Insulinet gavs två gånger, en dubbeldos.',
    ]) {
      expect(detectLexSignals(text).suggestions[0], text).toBe('lex_maria');
    }
  });

  it('puts the kind with more hits first and lists matched keywords, not user text', () => {
    const result = detectLexSignals('Hon föll, fick en fraktur och trycksår. Personalen var också kränkande.');
    expect(result.suggestions).toEqual(['lex_maria', 'lex_sarah']);
    expect(result.lexMaria).toEqual(['föll', 'fraktur*', 'trycksår*']);
    expect(result.lexSarah).toEqual(['kränk*']);
  });

  it('stays quiet for ordinary feedback and words that merely contain a keyword', () => {
    for (const text of [
      'Maten är för salt och kaffet kallt.',
      'Tack för ett fint bemötande vid besöket!',
      'I detta fall vill vi ha bättre information om tider.',
      'Hotellet var fullbokat, så anhöriga fick bo långt bort.', // "hot" only as a whole word
      'Vi föreslår fler aktiviteter på helgerna.',
    ]) {
      expect(detectLexSignals(text).suggestions, text).toEqual([]);
    }
  });

  it('matches whole words and stems as documented', () => {
    expect(keywordPattern('hot').test('ett hot mot')).toBe(true);
    expect(keywordPattern('hot').test('hotell')).toBe(false);
    expect(keywordPattern('kränk*').test('kränkande')).toBe(true);
    expect(keywordPattern('kränk*').test('okränkbar')).toBe(false);
    expect(keywordPattern('fel läkemedel').test('fick FEL\nläkemedel')).toBe(true);
  });

  it('compiles every keyword in the lists', () => {
    for (const k of [...LEX_SARAH_KEYWORDS, ...LEX_MARIA_KEYWORDS]) expect(() => keywordPattern(k), k).not.toThrow();
  });

  it('has the offer texts in Swedish and English', () => {
    expect(lexSuggestionText('lex_sarah')).toMatch(/registreras och besvaras som vanligt.*lex Sarah-rapport skapas och kopplas/);
    expect(lexSuggestionText('lex_maria', 'en')).toMatch(/lex Maria/);
  });
});
