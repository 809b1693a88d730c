// Chinese-aware tokenizer for full-text search. The app tokenizes; the database only stores the
// tokens as space-separated words (SQLite FTS5 column, PostgreSQL to_tsvector('simple', …)) and
// matches the query tokens produced here. Index and query go through the same normalisation.
//
// Rules:
// - Text is cleaned (lone surrogates → space, invisible characters such as variation selectors
//   and soft hyphens removed), NFKC-normalised (full-width ＡＢＣ１２３ → abc123,
//   compatibility ideographs → unified ones), lower-cased, and a few Han variants are folded
//   (台 → 臺 …) so 台北市 and 臺北市 find each other.
// - A run of Han characters is indexed as each character, its overlapping bigrams, and the
//   Intl.Segmenter words of 3 or more characters (shorter words are already there). A query uses
//   only the bigrams (or the character of a 1-character run), so 空氣品質 matches a document with
//   空氣品質監測 whatever the segmenter decided, and an ICU update cannot break old indexes.
//   Every character is indexed, not only 1-character runs, so that a 1-character query finds the
//   character anywhere: 115年 must find 115年度 and 第3號 must find 臺北市第3號公報.
// - Any other run of letters, digits and marks is a word. Words joined by . - _ ' (pm2.5,
//   covid-19, e-mail) are indexed as the joined form without joiners (pm25, covid19) AND as their
//   parts (pm2, 5, covid, 19); a query uses only the joined form. So "PM2.5" and "pm25" find PM2.5,
//   and "covid" finds COVID-19. Tokens never contain punctuation, so the database's own tokenizer
//   (FTS5 unicode61, PostgreSQL's parser) keeps each one whole.
// - Latin diacritics are removed (café → cafe), as FTS5 unicode61 would do anyway.
// - Tokens are cut to MAX_TOKEN_LENGTH characters, identically on both sides.
// - tokenize() keeps duplicates, because term frequency feeds ranking (bm25, ts_rank);
//   tokenizeQuery() removes them and keeps at most MAX_QUERY_TOKENS.

export const MAX_TOKEN_LENGTH = 64;
export const MAX_QUERY_TOKENS = 32;

// Folded on both sides; the target is the form the Ministry of Education's standard uses in Taiwan.
const HAN_VARIANTS: Readonly<Record<string, string>> = {
  台: '臺',
  裏: '裡',
  爲: '為',
  衆: '眾',
  綫: '線',
  峯: '峰',
  羣: '群',
};
const HAN_VARIANT_PATTERN = new RegExp(`[${Object.keys(HAN_VARIANTS).join('')}]`, 'gu');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Variation selectors, zero-width joiners, soft hyphens…: invisible, so they must not split or mark words.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const WORD_START = String.raw`(?:(?!\p{Script=Han})[\p{L}\p{N}])`;
const WORD_CHAR = String.raw`(?:(?!\p{Script=Han})[\p{L}\p{N}\p{Mn}\p{Mc}])`;
const WORD_PART = `${WORD_START}${WORD_CHAR}*`;
const JOINER = String.raw`[.\-_'’\u2010\u2011]`;
/** Group 1: a Han run; group 2: a word, possibly made of parts joined by a joiner. */
const RUN_PATTERN = new RegExp(String.raw`(\p{Script=Han}+)|(${WORD_PART}(?:${JOINER}${WORD_PART})*)`, 'gu');
const JOINER_PATTERN = new RegExp(JOINER, 'u');
const LATIN_DIACRITICS = /(?<=\p{Script=Latin})\p{M}+/gu;
const ANY_MARK = /\p{M}/u;

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'word' });

/** Tokens to index, in document order, duplicates kept. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runsOf(text)) {
    tokens.push(...(run.han ? hanIndexTokens(run.text) : wordIndexTokens(run.text)));
  }
  return tokens;
}

/** Tokens a document must all contain to match the query: deduplicated, at most MAX_QUERY_TOKENS. */
export function tokenizeQuery(q: string): string[] {
  const tokens = new Set<string>();
  for (const run of runsOf(q)) {
    for (const token of run.han ? hanQueryTokens(run.text) : [joinedWord(run.text)]) {
      tokens.add(token);
      if (tokens.size === MAX_QUERY_TOKENS) return [...tokens];
    }
  }
  return [...tokens];
}

/** The text to store in the search column: index tokens separated by spaces. */
export function toIndexText(text: string): string {
  return tokenize(text).join(' ');
}

/** An SQLite FTS5 MATCH expression requiring every query token; null when nothing is searchable. */
export function toFtsMatch(q: string): string | null {
  const tokens = tokenizeQuery(q);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

/** A PostgreSQL to_tsquery('simple', …) string requiring every query token; null when nothing is searchable. */
export function toTsQuery(q: string): string | null {
  const tokens = tokenizeQuery(q);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `'${t.replace(/['\\]/g, (c) => c + c)}'`).join(' & ');
}

// ---------------------------------------------------------------------------------------------

interface Run {
  han: boolean;
  text: string;
}

function* runsOf(text: string): Generator<Run> {
  if (typeof text !== 'string' || text.length === 0) return;
  for (const match of normalize(text).matchAll(RUN_PATTERN)) {
    yield match[1] !== undefined ? { han: true, text: match[1] } : { han: false, text: match[2] };
  }
}

function normalize(text: string): string {
  return text
    .replace(LONE_SURROGATE, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(HAN_VARIANT_PATTERN, (c) => HAN_VARIANTS[c]);
}

function hanIndexTokens(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const tokens = [...chars, ...bigrams(chars)];
  for (const word of segmentWords(run)) {
    if (Array.from(word).length >= 3) tokens.push(clip(word));
  }
  return tokens;
}

function hanQueryTokens(run: string): string[] {
  const chars = Array.from(run);
  return chars.length === 1 ? chars : bigrams(chars);
}

function bigrams(chars: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
  return pairs;
}

function segmentWords(run: string): string[] {
  const words: string[] = [];
  for (const segment of segmenter.segment(run)) {
    if (segment.isWordLike) words.push(segment.segment);
  }
  return words;
}

function wordIndexTokens(word: string): string[] {
  const parts = wordParts(word);
  if (parts.length === 1) return [clip(parts[0])];
  return [clip(parts.join('')), ...parts.map(clip)];
}

function joinedWord(word: string): string {
  return clip(wordParts(word).join(''));
}

function wordParts(word: string): string[] {
  return foldLatinDiacritics(word).split(JOINER_PATTERN).filter((part) => part.length > 0);
}

function foldLatinDiacritics(word: string): string {
  const decomposed = word.normalize('NFD');
  if (!ANY_MARK.test(decomposed)) return word;
  return decomposed.replace(LATIN_DIACRITICS, '').normalize('NFC');
}

function clip(token: string): string {
  if (token.length <= MAX_TOKEN_LENGTH) return token;
  return Array.from(token).slice(0, MAX_TOKEN_LENGTH).join('');
}
