import snowball from 'snowball-stemmers';

/**
 * Swedish text handling for matching: case and accent folding, the Snowball Swedish stemmer with a few extra
 * suffix rules for derived nouns (utredning → utred, hantering → hanter), tokenising and stop words.
 */

const stemmer = snowball.newStemmer('swedish');

/**
 * A pure look-up about a word or a phrase, with what it found kept for that text (at most `limit` texts; then it
 * starts over). For look-ups that depend on nothing else, or only on data that never changes once built (a
 * directory, a search index): questions repeat their words and phrases. Callers must not change what it returns.
 */
export function keptPerText<T>(limit: number, lookup: (text: string) => T): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    if (kept.has(text)) return kept.get(text)!;
    const found = lookup(text);
    if (kept.size >= limit) kept.clear();
    kept.set(text, found);
    return found;
  };
}

const ASCII = /^[\x00-\x7f]*$/;

/** Lower-case and strip diacritics (å → a, ö → o, é → e) so "klagomal" and "Klagomål" meet. */
export function fold(text: string): string {
  // ASCII has nothing to decompose: lower case is the whole fold.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.length > 64 ? foldSlow(text) : foldKept(text);
}

function foldSlow(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
// Folded words and short phrases: a question folds the same words many times over (units, roles, stop words).
const foldKept = keptPerText(50_000, foldSlow);

/** Lower case, keep å/ä/ö; collapse whitespace. Used for exact name and alias comparison before folding. */
export function normalizeName(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Split text into word tokens (letters and digits; hyphenated words are split; "5 kap." keeps "5"). */
const SPLITTER = /[^\p{L}\p{N}]+/u;

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFC')
    .split(SPLITTER)
    .filter((w) => w.length > 0);
}

// Derived-noun endings Snowball keeps; both the index and the query go through the same rules, so they only need
// to be consistent, not linguistically perfect.
const EXTRA_SUFFIXES: Array<[suffix: string, replacement: string, minStem: number]> = [
  ['ning', '', 4],
  ['ing', '', 4],
  ['orn', 'or', 4],
  ['an', '', 4],
  ['et', '', 5],
];

/** Stem one lower-case word and fold the result. */
export const stem = keptPerText(50_000, (word: string): string => {
  let s = word.length > 3 ? stemmer.stem(word) : word;
  for (const [suffix, replacement, minStem] of EXTRA_SUFFIXES) {
    if (s.endsWith(suffix) && s.length - suffix.length >= minStem) {
      s = s.slice(0, s.length - suffix.length) + replacement;
      // A definite ending taken off leaves the indefinite form, which Snowball stems further ("nämndkontoret" →
      // "nämndkontor" → "nämndkont", like "nämndkontor" itself).
      if (suffix === 'et' || suffix === 'orn') s = stemmer.stem(s);
      break;
    }
  }
  return fold(s);
});

/**
 * Words that carry no meaning in a question about responsibilities. Checked on folded words, so "vad", "när",
 * "nar" are all covered.
 */
const STOP = `
alla allt andra annan annat att av bara bli blir blev de dem den denna dessa det detta dig din ditt du där dar eftersom
eller en ett er era ert for fran från får far ha hade han har hej hen hon hos hur i icke in inom inte jag kan kommer
man med mellan men mig min mina mitt mot nagon nagot nagra när nar nu ni och om oss pa på sa så se sedan sig sin sina sitt
ska skall skulle som till tack under upp ut utan vad var vara varför varfor vars vem vi vid vilka vilken vilket vill
ar är åt at egentligen typ liksom ju val väl snälla snalla undrar fraga fråga fragor frågor hjalp hjälp behover behöver
veta vet gor gör gora göra ansvar ansvara ansvarar ansvarig ansvariga ansvaret ansvarsfordelning tar hand sköter skoter
handlar kontakta kontaktar nagonstans någonstans ager äger hålla halla håller haller ni er oss vår var vårt vart våra
kap § fixar fixa ordnar ordna hanterar hantera gäller galler ofta gang gång ganger gånger skickar skicka ser varken utom förutom
hos oss vår våran vårt ej varje every each över efter före genom bland kring enligt
vems roll rollen funktion funktionen befattning vänder vända vänd role
who whom whose what which is are was were be been being the a an for of to in on at by does did do doing our my we i you it
that this these those has have had should must can could will would shall and or with about from please how when where there
their its me us your any some responsible responsibility charge not no anyone somebody someone person people
handle handles handling deal deals care takes take within during after before per
`;

const STOP_FOLDED = new Set(
  STOP.split(/\s+/)
    .filter(Boolean)
    .map((w) => fold(w)),
);

export function isStopWord(word: string): boolean {
  return STOP_FOLDED.has(fold(word));
}

/** Words that put what follows in the negative ("ej verkställda beslut" = "beslut som inte verkställts"). */
const NEGATORS = new Set(['inte', 'ej', 'icke', 'varken', 'utom', 'forutom', 'undantag', 'exklusive', 'not', 'except', 'excluding', 'neither']);
/** "varken X eller Y", "inte X eller Y": the word after the connector is negated as well. */
const NEGATION_CHAIN = new Set(['eller', 'or', 'nor']);
const SCOPE_END = new Set(['utan', 'men', 'bara', 'endast', 'but', 'only', 'just']);
/** How far (in meaning words) a negation reaches through "eller": "inte lex Maria eller lex Sarah". */
const NEGATION_REACH = 4;

/**
 * The lower-case words of a text said in the negative: the first meaning word after "inte", "ej", "varken", "not" …,
 * and the first after each "eller" that follows within the same clause. "Klagomål som inte är lex Maria eller lex
 * Sarah" → {lex}; "ej verkställda beslut" → {verkställda}.
 */
export function negatedWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const clause of text.split(/[,.;:!?()]/)) {
    const ws = words(clause);
    for (let i = 0; i < ws.length; i++) {
      if (!NEGATORS.has(fold(ws[i]!))) continue;
      let expecting = true;
      for (let j = i + 1, n = 0; j < ws.length && n < NEGATION_REACH; j++) {
        const f = fold(ws[j]!);
        if (SCOPE_END.has(f) || (NEGATORS.has(f) && f !== 'varken')) break;
        if (NEGATION_CHAIN.has(f)) {
          expecting = true;
          continue;
        }
        if (STOP_FOLDED.has(f)) continue;
        n++;
        if (expecting) out.add(ws[j]!);
        expecting = false;
      }
    }
  }
  return out;
}

/** A token of a text: the word as written (lower case), folded, and its stem. */
export interface Token {
  word: string;
  folded: string;
  stem: string;
}

// Word → token (null for a stop word). Vocabularies are small, texts repeat words: analysis is mostly lookups.
const tokenOf = keptPerText(100_000, (word: string): Token | null => {
  const folded = fold(word);
  return STOP_FOLDED.has(folded) ? null : { word, folded, stem: stem(word) };
});

export function tokens(text: string, keepStopWords = false): Token[] {
  const out: Token[] = [];
  for (const w of words(text)) {
    const t = tokenOf(w);
    if (t) out.push(t);
    else if (keepStopWords) out.push({ word: w, folded: fold(w), stem: stem(w) });
  }
  return out;
}

/**
 * Small Levenshtein distance with an early exit; used for aliases and unit names (few, short strings). Returns the
 * distance when it is at most `max`, else `max + 1`. Two rows of numbers, reused across the rows of the table.
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, max + 1);
}
