import MiniSearch, { type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { withLanguage } from './language.js';
import type { AnsvarSnapshot, MatrixEntry } from './schema.js';
import { fold, isStopWord, keptPerText, negatedWords, stem, tokens, words, type Token } from './text.js';

/**
 * The in-memory search index over one snapshot's matrix: BM25 (minisearch) over Swedish stems, with compounds split
 * against the index's own vocabulary, synonyms and abbreviations from the data, and fuzzy matching for words the
 * index does not know. Built once per active version; queries are pure and fast.
 */
export interface SearchHit {
  entry: MatrixEntry;
  /** minisearch BM25 score (boosted). Only comparable within one query. */
  score: number;
  /** Share (0..1) of the question's meaning words this entry matched, weighted by rarity. */
  coverage: number;
  /** The rank key: score scaled by coverage. */
  rank: number;
}

export interface SearchOptions {
  /** Only entries where one of these role ids is responsible. */
  roleIds?: string[];
  /** At most this many hits (at most MAX_HITS, the default). */
  limit?: number;
}

export interface AnsvarSearch {
  search(text: string, options?: SearchOptions): SearchHit[];
  /**
   * The words with every vocabulary phrase replaced by its group's term ("who is the registrar" → "who is the
   * registrator"): how a role or unit named in English or by a synonym is recognised.
   */
  canonical(ws: string[]): string[];
  /** Analysed terms of a text as the index sees them (for tests and debugging). */
  analyze(text: string): string[];
  readonly size: number;
}

const MIN_PART = 4;
/** Searches whose hits an index keeps (a few KB each: five to ten hits that point into the index). */
const SEARCHES_KEPT = 2_000;
/** Hits a search returns, unless asked for fewer: the most it ranks and keeps. */
const MAX_HITS = 10;
/** Words whose typo corrections an index keeps. */
const WORDS_KEPT = 20_000;
const MIN_COMPOUND = 7;
/** A word matched only by typo tolerance counts this much towards coverage. */
const FUZZY_CREDIT = 0.7;
/** BM25 weight of a typo-corrected term relative to the word as typed. */
const FUZZY_WEIGHT = 0.6;
/** Marks whole-word terms (see the `words` field). */
const RAW = '~';

/** Words the index knows: folded word forms and stems → stem. Used to split compounds. */
type Lexicon = Map<string, string>;

function addToLexicon(lexicon: Lexicon, text: string): void {
  for (const t of tokens(text)) {
    if (t.folded.length >= MIN_PART) lexicon.set(t.folded, t.stem);
    if (t.stem.length >= MIN_PART) lexicon.set(t.stem, t.stem);
  }
}

/** Split a lower-case word into 2–3 known parts ("klagomålshantering" → klagomal + hanter), or undefined. */
export function splitCompound(word: string, lexicon: Lexicon, depth = 0): string[] | undefined {
  const w = fold(word);
  if (w.length < MIN_COMPOUND && depth === 0) return undefined;
  // The word's own stem is in the lexicon too; "journalgransk" + "ning" is not a compound.
  const own = stem(word);
  for (let i = w.length - MIN_PART; i >= MIN_PART; i--) {
    const head = w.slice(0, i);
    if (head === own) continue;
    const headStem = lexicon.get(head);
    if (!headStem) continue;
    for (const rest of w[i] === 's' && w.length - i - 1 >= MIN_PART ? [w.slice(i), w.slice(i + 1)] : [w.slice(i)]) {
      const restStem = lexicon.get(rest) ?? lexicon.get(stem(rest));
      if (restStem) return [headStem, restStem];
      // "arbetsmiljöansvar", "klagomålsfrågor": a known head and a tail that carries no meaning here.
      if (depth === 0 && rest.length >= MIN_PART && isStopWord(rest)) return [headStem];
      if (depth < 1 && rest.length >= 2 * MIN_PART) {
        const more = splitCompound(rest, lexicon, depth + 1);
        if (more) return [headStem, ...more];
      }
    }
  }
  return undefined;
}

/**
 * A compound whose head is a known word teaches us its tail: "klagomålshantering" makes "hantering" a word, so
 * "hantering av klagomål" meets "klagomålshantering" even when "hantering" never stands alone in the matrix.
 */
function learnCompoundTails(lexicon: Lexicon, snapshot: AnsvarSnapshot): void {
  const seen = new Set<string>();
  for (const e of snapshot.entries) {
    for (const t of tokens(`${e.omrade} ${e.aktivitet} ${e.keywords.join(' ')}`)) {
      if (t.folded.length < MIN_COMPOUND + 1 || seen.has(t.folded)) continue;
      seen.add(t.folded);
      if (splitCompound(t.word, lexicon)) continue;
      for (let i = t.folded.length - MIN_PART; i >= MIN_PART; i--) {
        if (!lexicon.has(t.folded.slice(0, i)) || t.folded.slice(0, i) === t.stem) continue;
        const tail = t.folded[i] === 's' && t.folded.length - i - 1 >= MIN_PART ? t.word.slice(i + 1) : t.word.slice(i);
        const tailStem = stem(tail);
        if (tail.length > MIN_PART && tailStem.length >= MIN_PART) {
          lexicon.set(fold(tail), tailStem);
          lexicon.set(tailStem, tailStem);
        }
        break;
      }
    }
  }
}

interface QueryConcept {
  /** Alternatives that each fully express the concept; the concept's match is the best alternative's share. */
  alternatives: string[][];
  /**
   * How many of the first alternatives are vocabulary phrases, which count only when complete: "lex" of "lex Maria"
   * is "lex Sarah" as much. Parts of a compound ("klagomål" of "klagomålshantering") count by share.
   */
  strict?: number;
  weight: number;
  /** A verb (from a verb group of the vocabulary): people choose verbs freely, so it weighs less. */
  verb?: boolean;
  /** Said in the negative ("klagomål som inte är lex Maria"): an entry must not be about it, unless it says so too. */
  negated?: boolean;
}

interface AnalyzedQuery {
  concepts: QueryConcept[];
  /** term → weight (boost) in the BM25 query */
  terms: Map<string, number>;
  /** Verb groups and verb stems of the question, to prefer entries whose own verb it is. */
  verbs: Set<string>;
  /** Terms from the words as typed (not from synonyms): only these are corrected for typos. */
  typed: Set<string>;
}

/** How much a verb counts towards coverage, relative to a noun of the same rarity. */
const VERB_WEIGHT = 0.35;
/** Rank bonus for an entry whose activity starts with the question's verb (or one of its synonyms). */
const HEAD_VERB_BONUS = 1.25;
/** Coverage is multiplied by this when an entry is about something the question ruled out. */
const CONTRADICTION = 0.35;
/** A word the matrix has never seen weighs this share of the rarest word's weight (lower lets more wrong answers through). */
const UNKNOWN_WEIGHT = 1;
/** Weight of the relative BM25 score in the rank, beside coverage (0..1). */
const SCORE_SHARE = 0.3;

const NO_TERMS: ReadonlySet<string> = new Set();

function sameStems(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether any of the terms is in the set (none given: no). */
function anyIn(terms: Iterable<string> | undefined, set: ReadonlySet<string>): boolean {
  if (terms) for (const t of terms) if (set.has(t)) return true;
  return false;
}

/** Rows handled between two pauses of an asynchronous build. */
const SLICE = 250;

/** Builds the index synchronously (tests, scripts). */
export function buildSearchIndex(snapshot: AnsvarSnapshot): AnsvarSearch {
  const steps = buildSteps(snapshot);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Builds the index in slices, giving the event loop back between them (the running app). */
export async function buildSearchIndexAsync(snapshot: AnsvarSnapshot): Promise<AnsvarSearch> {
  const steps = buildSteps(snapshot);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* buildSteps(imported: AnsvarSnapshot): Generator<void, AnsvarSearch, void> {
  // The general language (verbs, everyday and English words) always applies, whatever vocabulary was imported.
  const snapshot: AnsvarSnapshot = { ...imported, vocabulary: withLanguage(imported.vocabulary) };
  const entries = new Map(snapshot.entries.map((e) => [e.id, e]));
  const lexicon: Lexicon = new Map();
  let n0 = 0;
  for (const e of snapshot.entries) {
    addToLexicon(lexicon, `${e.omrade} ${e.aktivitet} ${e.keywords.join(' ')} ${e.rapporterasTill}`);
    if (++n0 % (SLICE * 4) === 0) yield;
  }
  for (const g of snapshot.vocabulary) addToLexicon(lexicon, `${g.term} ${g.synonyms.join(' ')}`);
  yield;
  learnCompoundTails(lexicon, snapshot);
  yield;

  // Words repeat across rows; split each distinct word once.
  const splitCache = new Map<string, string[] | undefined>();
  const split = (word: string): string[] | undefined => {
    if (splitCache.has(word)) return splitCache.get(word);
    const parts = splitCompound(word, lexicon);
    splitCache.set(word, parts);
    return parts;
  };
  const docCache = new Map<string, string[]>();
  const analyzeDoc = (text: string): string[] => {
    const cached = docCache.get(text);
    if (cached) return cached;
    const out: string[] = [];
    for (const t of tokens(text)) {
      out.push(t.stem);
      const parts = split(t.word);
      if (parts) out.push(...parts);
    }
    if (docCache.size < 50_000) docCache.set(text, out);
    return out;
  };

  // Folded whole words in their own field, marked with "~": typos in endings ("avvikelsr") defeat the stemmer,
  // but are one edit away from the word as written.
  const rawWords = (text: string): string[] => tokens(text).map((t) => RAW + t.folded);
  const index = new MiniSearch<{ id: string; aktivitet: string; omrade: string; keywords: string; extra: string; words: string }>({
    fields: ['aktivitet', 'omrade', 'keywords', 'extra', 'words'],
    storeFields: [],
    tokenize: (text, field) => (field === 'words' ? rawWords(text) : analyzeDoc(text)),
    processTerm: (t) => t,
    searchOptions: { tokenize: (t) => t.split(' '), processTerm: (t) => t },
  });
  const docs = snapshot.entries.map((e) => ({
      id: e.id,
      aktivitet: e.aktivitet,
      omrade: e.omrade,
      keywords: e.keywords.join(' '),
      extra: `${e.rapporterasTill} ${e.kalla} ${e.frekvens}`,
      words: `${e.aktivitet} ${e.omrade} ${e.keywords.join(' ')}`,
    }));
  for (let i = 0; i < docs.length; i += SLICE) {
    index.addAll(docs.slice(i, i + SLICE));
    yield;
  }

  // Every entry's analysed terms (for coverage) and the document frequency per term (for weighting by rarity).
  const docTerms = new Map<string, Set<string>>();
  const df = new Map<string, number>();
  for (const e of snapshot.entries) {
    const seen = new Set(analyzeDoc(`${e.omrade} ${e.aktivitet} ${e.keywords.join(' ')} ${e.rapporterasTill} ${e.kalla} ${e.frekvens}`));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
    for (const w of rawWords(`${e.aktivitet} ${e.omrade} ${e.keywords.join(' ')}`)) {
      if (!seen.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
      seen.add(w);
    }
    docTerms.set(e.id, seen);
    if (docTerms.size % SLICE === 0) yield;
  }
  // Single words of the vocabulary (folded → as written), for mending misspelt questions.
  const vocabularyWords = new Map<string, string>();
  for (const g of snapshot.vocabulary) {
    for (const p of [g.term, ...g.synonyms]) for (const w of words(p)) if (w.length >= 4 && !isStopWord(w)) vocabularyWords.set(fold(w), w);
  }
  const vocabularyIndex = SearchableMap.from<string>([...vocabularyWords.entries()]);
  // A typo's nearest words are searched for in the whole vocabulary, and people make the same slips over and over:
  // what was found for a word is kept with the index.
  const vocabularyFix = keptPerText(WORDS_KEPT, (folded: string): string | undefined => {
    if (vocabularyWords.has(folded)) return undefined;
    const found = [...vocabularyIndex.fuzzyGet(folded, folded.length >= 9 ? 2 : 1).entries()];
    if (!found.length) return undefined;
    const best = Math.min(...found.map(([, [, d]]) => d));
    // Typos are rarer at the start of a word: among equally near words, the one sharing the longest beginning.
    const prefix = (w: string) => {
      let i = 0;
      while (i < w.length && w[i] === folded[i]) i++;
      return i;
    };
    const closest = found.filter(([, [, d]]) => d === best).map(([k, [w]]) => ({ w, p: prefix(k) }));
    const longest = Math.max(...closest.map((c) => c.p));
    const winners = closest.filter((c) => c.p === longest);
    return winners.length === 1 ? winners[0]!.w : undefined;
  });

  // Words as written (folded → lower case) in the matrix and the vocabulary: the parts a word written together may
  // be split into ("lexmaria" → "lex maria", "ejverkställda" → "ej verkställda", "hotochvåld" → "hot och våld").
  const wordForms = new Map<string, string>();
  for (const e of snapshot.entries) {
    for (const w of words(`${e.omrade} ${e.aktivitet} ${e.keywords.join(' ')}`)) if (!wordForms.has(fold(w))) wordForms.set(fold(w), w);
  }
  for (const [f, w] of vocabularyWords) if (!wordForms.has(f)) wordForms.set(f, w);
  for (const g of snapshot.vocabulary) for (const p of [g.term, ...g.synonyms]) for (const w of words(p)) if (!wordForms.has(fold(w))) wordForms.set(fold(w), w);
  yield;
  const JOINERS = ['och', 'i', 'av', 'for', 'till'];
  const splitJoined = (folded: string): string[] | undefined => {
    for (let i = folded.length - 2; i >= 2; i--) {
      const head = wordForms.get(folded.slice(0, i));
      if (!head) continue;
      const tail = folded.slice(i);
      const whole = wordForms.get(tail);
      if (whole && Math.max(i, tail.length) >= 4) return [head, whole];
      for (const j of JOINERS) {
        const rest = tail.startsWith(j) ? wordForms.get(tail.slice(j.length)) : undefined;
        if (rest && Math.max(i, tail.length - j.length) >= 4) return [head, j, rest];
      }
    }
    return undefined;
  };

  // Terms an entry itself states in the negative ("… som varken är lex Maria eller lex Sarah").
  const docNegated = new Map<string, Set<string>>();
  for (const e of snapshot.entries) {
    const neg = negatedWords(e.aktivitet);
    if (neg.size) docNegated.set(e.id, new Set([...neg].map(stem)));
  }

  // Every indexed term, for typo correction before the search: a corrected term then counts against the postings
  // budget like any other (a typo of a very common word must not make the search score thousands of rows).
  const vocabulary = SearchableMap.from<number>([...df.entries()]);
  const maxDistance = (term: string) => {
    const length = term.startsWith(RAW) ? term.length - 1 : term.length;
    return length < 5 ? 0 : length >= 9 ? 2 : 1;
  };
  const corrections = keptPerText(WORDS_KEPT, (term: string): string[] => {
    const distance = maxDistance(term);
    if (!distance) return [];
    const found = [...vocabulary.fuzzyGet(term, distance).entries()].sort((a, b) => a[1][1] - b[1][1] || b[1][0] - a[1][0]);
    const best = found[0]?.[1][1];
    return found.filter(([, [, d]]) => d === best).slice(0, 3).map(([k]) => k);
  });
  const n = Math.max(1, snapshot.entries.length);
  const idf = (term: string): number | undefined => {
    const d = df.get(term);
    return d === undefined ? undefined : Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const maxIdf = Math.log(1 + (n - 0.5) / 1.5);

  // Synonym phrases as stem sequences; each group is a set of interchangeable phrases.
  const synonymPhrases: Array<{ stems: string[]; group: number }> = [];
  const verbGroupOf = new Map<string, number>();
  const groups: string[][][] = snapshot.vocabulary.map((g, gi) => {
    const phrases = [g.term, ...g.synonyms].map((p) => tokens(p).map((t) => t.stem)).filter((p) => p.length > 0);
    for (const p of phrases) {
      synonymPhrases.push({ stems: p, group: gi });
      if (g.kind === 'verb' && p.length === 1 && !verbGroupOf.has(p[0]!)) verbGroupOf.set(p[0]!, gi);
    }
    return phrases;
  });
  synonymPhrases.sort((a, b) => b.stems.length - a.stems.length);
  // The same phrases by their first word, each with its place in that order, so that a question (a handful of
  // words) looks only at the phrases that can start at one of its words instead of all of them.
  const phrasesByFirstStem = new Map<string, Array<{ stems: string[]; group: number; order: number }>>();
  synonymPhrases.forEach((p, order) => {
    const list = phrasesByFirstStem.get(p.stems[0]!);
    if (list) list.push({ ...p, order });
    else phrasesByFirstStem.set(p.stems[0]!, [{ ...p, order }]);
  });
  const verbKey = (stemmed: string) => {
    const g = verbGroupOf.get(stemmed);
    return g === undefined ? `=${stemmed}` : `#${g}`;
  };
  // The activity's own verbs: its first word ("Upprätta patientsäkerhetsberättelsen") and any verb of the
  // vocabulary among its first words ("Ta emot och utreda …"). "Lex Maria: …" has none.
  const headVerbs = new Map<string, Set<string>>();
  for (const e of snapshot.entries) {
    const toks = tokens(e.aktivitet).slice(0, 4);
    if (!toks.length) continue;
    const keys = new Set([verbKey(toks[0]!.stem)]);
    for (const t of toks) if (verbGroupOf.has(t.stem)) keys.add(verbKey(t.stem));
    headVerbs.set(e.id, keys);
  }

  function analyzeQuery(input: string): AnalyzedQuery {
    // Before the analysis, words the index does not know are mended: written together where the index knows them
    // apart ("lexmaria", "ejverkställda"), or misspelt words of the vocabulary ("lex sara", "riskbedömnig"), so
    // that synonym phrases see them.
    const text = input.replace(/[\p{L}\p{N}]+/gu, (w) => {
      const lower = w.toLowerCase();
      if (lower.length < 4 || df.has(stem(lower)) || isStopWord(lower)) return w;
      const parts = lower.length >= 6 ? splitJoined(fold(lower)) : undefined;
      if (parts) return parts.join(' ');
      return vocabularyFix(fold(lower)) ?? w;
    });
    const negated = negatedWords(text);
    const toks: Array<Token & { negated: boolean }> = tokens(text).map((t) => ({ ...t, negated: negated.has(t.word) }));
    const typed = new Set<string>();
    const concepts: QueryConcept[] = toks.map((t) => {
      const alternatives: string[][] = [[t.stem]];
      if (!df.has(t.stem)) {
        const parts = split(t.word);
        if (parts) alternatives.push(parts);
        if (t.folded.length >= 5) alternatives.push([RAW + t.folded]);
      }
      for (const alt of alternatives) for (const term of alt) typed.add(term);
      return { alternatives, weight: 0, ...(t.negated ? { negated: true } : {}) };
    });
    // Synonym phrases: a phrase covering tokens i..j adds the other phrases of its group to those concepts.
    const stems = toks.map((t) => t.stem);
    const present = new Set(stems);
    const covered = new Set<number>();
    const verbs = new Set<string>();
    // Every phrase that starts with one of the question's words is tried, in the phrases' order (longest first):
    // there are hundreds of phrases and a question has a handful of words.
    const matchesAt = (phrase: string[], i: number): boolean => {
      for (let k = 0; k < phrase.length; k++) if (stems[i + k] !== phrase[k] || covered.has(i + k)) return false;
      return true;
    };
    const candidates = [...present].flatMap((stem) => phrasesByFirstStem.get(stem) ?? []).sort((a, b) => a.order - b.order);
    for (const { stems: phrase, group } of candidates) {
      for (let i = 0; i + phrase.length <= stems.length; i++) {
        if (!matchesAt(phrase, i)) continue;
        for (let k = 0; k < phrase.length; k++) covered.add(i + k);
        const others = groups[group]!.filter((p) => !sameStems(p, phrase));
        // The phrase's own words stay one concept: "lex maria" is one idea, not two.
        const head = concepts[i]!;
        head.alternatives = [phrase, ...others, ...head.alternatives.slice(1)];
        head.strict = 1 + others.length;
        // "beslut som inte verkställts" = "ej verkställda beslut": the phrase carries the negation of its words.
        if (toks.slice(i, i + phrase.length).some((t) => t.negated)) head.negated = true;
        if (snapshot.vocabulary[group]!.kind === 'verb') {
          head.verb = true;
          verbs.add(`#${group}`);
        }
        for (let k = 1; k < phrase.length; k++) concepts[i + k]!.alternatives = [];
      }
    }
    toks.forEach((t, i) => {
      if (!concepts[i]!.verb && concepts[i]!.alternatives.length) verbs.add(`=${t.stem}`);
    });
    const live = concepts.filter((c) => c.alternatives.length > 0);
    const terms = new Map<string, number>();
    // The mean rarity of the terms the index knows, undefined when it knows none.
    const avgIdf = (ts: string[]): number | undefined => {
      let sum = 0;
      let known = 0;
      for (const t of ts) {
        const x = idf(t);
        if (x === undefined) continue;
        sum += x;
        known++;
      }
      return known ? sum / known : undefined;
    };
    for (const c of live) {
      const scale = c.negated ? 0.3 : c.verb ? 0.5 : 1;
      c.alternatives.forEach((alt, ai) => {
        const boost = (ai === 0 ? 1 : 0.8) * scale;
        for (const term of alt) terms.set(term, Math.max(terms.get(term) ?? 0, alt.length > 1 && ai > 0 ? boost * 0.9 : boost));
      });
      let heaviest: number | undefined;
      for (const alt of c.alternatives) {
        const w = avgIdf(alt);
        if (w !== undefined && (heaviest === undefined || w > heaviest)) heaviest = w;
      }
      // A word the index has never seen weighs like the rarest word: a question about something the matrix does
      // not cover must not pass on the strength of one common word ("öppnar simhallen" is not "öppna jämförelser").
      c.weight = (heaviest ?? maxIdf * UNKNOWN_WEIGHT) * (c.verb ? VERB_WEIGHT : 1);
    }
    return { concepts: live, terms, verbs, typed };
  }

  /**
   * How much of the question an entry covers. `inEntry`: the entry's terms; a query term counts in full when the
   * entry has it, and FUZZY_CREDIT when it has one of the term's typo corrections (`corrected`). `negatedHere`:
   * terms the entry itself states in the negative. Loops rather than callbacks: this runs for every candidate.
   */
  function coverageOf(query: AnalyzedQuery, inEntry: ReadonlySet<string>, corrected: Map<string, string[]>, negatedHere: Set<string> | undefined): number {
    const credit = (t: string) => (inEntry.has(t) ? 1 : anyIn(corrected.get(t), inEntry) ? FUZZY_CREDIT : 0);
    let total = 0;
    let got = 0;
    let contradicted = false;
    for (const c of query.concepts) {
      let best = 0;
      const strict = c.strict ?? 0;
      for (let ai = 0; ai < c.alternatives.length; ai++) {
        const alt = c.alternatives[ai]!;
        let share = 0;
        let whole = true;
        for (const t of alt) {
          const found = credit(t);
          if (!found) whole = false;
          share += found;
        }
        share /= alt.length;
        if (!whole && ai < strict) share = 0;
        if (share > best) best = share;
      }
      // An entry that mentions the idea only to rule it out ("… som varken är lex Maria") is not about it.
      // A negation covers the first word after it, so a phrase is ruled out when its first word is.
      if (!c.negated && best > 0.5 && negatedHere && c.alternatives.some((alt) => alt.length > 0 && negatedHere.has(alt[0]!) && alt.every((t) => inEntry.has(t)))) {
        contradicted = true;
      }
      if (c.negated) {
        // Ruled out by the question: agreeing with an entry that rules it out too is a match; an entry about it
        // is the wrong answer; an entry that does not mention it is neither.
        const alsoNegated = negatedHere && c.alternatives.some((alt) => alt.some((t) => negatedHere.has(t) || anyIn(corrected.get(t), negatedHere)));
        if (alsoNegated) {
          total += c.weight;
          got += c.weight;
        } else if (best > 0.5) contradicted = true;
        // Not mentioned: neutral for an exclusion ("… som inte är lex Maria"), but a negated property ("beslut som
        // inte verkställts") is part of what was asked, so it counts half.
        else total += c.weight / 2;
        continue;
      }
      total += c.weight;
      got += c.weight * best;
    }
    const coverage = total > 0 ? got / total : 0;
    return contradicted ? coverage * CONTRADICTION : coverage;
  }

  // Vocabulary phrases as folded words → their group's term, longest first, by their first word.
  const phraseWords = snapshot.vocabulary
    .flatMap((g) => g.synonyms.map((p) => ({ words: words(p).map(fold), term: g.term })))
    .filter((p) => p.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
  const phrasesByFirstWord = new Map<string, typeof phraseWords>();
  for (const p of phraseWords) {
    const list = phrasesByFirstWord.get(p.words[0]!);
    if (list) list.push(p);
    else phrasesByFirstWord.set(p.words[0]!, [p]);
  }

  // The index never changes once built (a new matrix version builds a new one), so a search made before — by anyone:
  // "vem ansvarar för lex Maria?" is asked all over the organisation — gets the hits it got then.
  // Kept by text and roles only, with the MAX_HITS best: the same search asked for one hit and then for five (a
  // question naming a unit) is ranked once.
  const hitsOf = keptPerText(SEARCHES_KEPT, (search: string): SearchHit[] => {
    const { text, roleIds } = JSON.parse(search) as { text: string; roleIds?: string[] };
    return rank(text, { ...(roleIds ? { roleIds } : {}), limit: MAX_HITS });
  });

  function rank(text: string, options: SearchOptions): SearchHit[] {
    const query = analyzeQuery(text);
    if (!query.terms.size) return [];
    // Words the index lacks are replaced by their nearest indexed terms (typos), at a lower weight.
    const searchTerms = new Map<string, number>();
    const correctedFrom = new Map<string, string[]>();
    for (const [term, weight] of query.terms) {
      if (df.has(term)) {
        searchTerms.set(term, Math.max(searchTerms.get(term) ?? 0, weight));
        continue;
      }
      // Synonyms the matrix does not use ("patient injury") are no typos to correct; only what was typed is.
      const fixes = query.typed.has(term) ? corrections(term) : [];
      if (fixes.length) correctedFrom.set(term, fixes);
      for (const fix of fixes) searchTerms.set(fix, Math.max(searchTerms.get(fix) ?? 0, weight * FUZZY_WEIGHT));
    }
    if (!searchTerms.size) return [];
    // Candidate generation has a budget of postings: terms are added rarest first while the budget lasts (and
    // the two rarest always). A word in a large share of the rows ("rutin" in 10k rows) would make BM25 score
    // thousands of entries for little gain; coverage still counts it, from docTerms.
    const budget = Math.max(1000, snapshot.entries.length * 0.1);
    let spent = 0;
    const termList = [...searchTerms.keys()]
      .sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0))
      .filter((t, i) => {
        spent += df.get(t) ?? 0;
        return i < 1 || spent <= budget;
      });
    const roleIds = options.roleIds ? new Set(options.roleIds) : undefined;
    const results: SearchResult[] = index.search(termList.join(' '), {
      combineWith: 'OR',
      boost: { aktivitet: 3, keywords: 2, omrade: 1, extra: 0.5, words: 1 },
      boostTerm: (term) => searchTerms.get(term) ?? 1,
      ...(roleIds ? { filter: (r: SearchResult) => entries.get(r.id)?.ansvariga.some((x) => roleIds.has(x)) ?? false } : {}),
    });
    const hits: SearchHit[] = [];
    const topScore = results[0]?.score || 1;
    for (const r of results.slice(0, 50)) {
      const entry = entries.get(r.id);
      if (!entry) continue;
      const coverage = coverageOf(query, docTerms.get(r.id) ?? NO_TERMS, correctedFrom, docNegated.get(r.id));
      const bonus = anyIn(headVerbs.get(r.id), query.verbs) ? HEAD_VERB_BONUS : 1;
      // Coverage decides; BM25 (relative to the best hit) breaks ties towards the more specific entry. A raw
      // BM25 score would favour entries that happen to contain many of the synonyms the question was expanded to.
      hits.push({ entry, score: r.score, coverage, rank: (coverage + SCORE_SHARE * (r.score / topScore)) * bonus });
    }
    hits.sort((a, b) => b.rank - a.rank);
    return hits.slice(0, options.limit ?? MAX_HITS);
  }

  return {
    size: snapshot.entries.length,
    canonical(ws) {
      const folded = ws.map(fold);
      const out: string[] = [];
      for (let i = 0; i < ws.length; ) {
        const hit = phrasesByFirstWord.get(folded[i]!)?.find((p) => p.words.every((w, k) => folded[i + k] === w));
        if (hit) {
          out.push(...words(hit.term));
          i += hit.words.length;
        } else out.push(ws[i++]!);
      }
      return out;
    },
    analyze: (text) => [...analyzeQuery(text).terms.keys()],
    search(text, options = {}) {
      // A copy: the kept hits stay as they were found, whatever the caller does with its list.
      return hitsOf(JSON.stringify({ text, roleIds: options.roleIds })).slice(0, Math.min(options.limit ?? MAX_HITS, MAX_HITS));
    },
  };
}
