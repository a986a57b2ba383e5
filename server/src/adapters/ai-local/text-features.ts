// Turns a message into weighted features for the intent classifier: lemmas (wink-nlp), lemma
// bigrams and character n-grams. The n-grams are what make "apointment" and "appointment" alike;
// the shorthand table is what makes "u" and "you" alike (texting shorthand n-grams cannot see).
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { DATE_PLACEHOLDER } from './date-entities';

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;

/** wink's English model ships inside its npm package; loading it takes ~0.2 s, so once. */
export function englishNlp(): Nlp {
  nlp ??= winkNLP(model);
  return nlp;
}

/** Whether English knows the word (wink's lexicon): a known word is never "corrected". */
export function isKnownWord(word: string): boolean {
  return englishNlp().readDoc('').isLexeme(word) !== null;
}

export interface TokenProperties {
  type: string[];
  normal: string[];
  lemma: string[];
  stem: string[];
}

/** wink's per-token properties of a text, as parallel arrays. */
export function tokenProperties(text: string): TokenProperties {
  const instance = englishNlp();
  const tokens = instance.readDoc(text).tokens();
  // wink's typings reject its.lemma/its.stem as `out` arguments although they work; one cast here.
  const out = (property: unknown) => tokens.out(property as typeof instance.its.value) as string[];
  return { type: out(instance.its.type), normal: out(instance.its.normal), lemma: out(instance.its.lemma), stem: out(instance.its.stem) };
}

/**
 * Generic English texting shorthand, expanded before lemmatising. It is not a list of this
 * project's intents' words: it holds what any chat message may abbreviate.
 */
const SHORTHAND: Record<string, string> = {
  u: 'you',
  ya: 'you',
  ur: 'your',
  yr: 'your',
  r: 'are',
  cn: 'can',
  cud: 'could',
  wud: 'would',
  shud: 'should',
  pls: 'please',
  plz: 'please',
  pl: 'please',
  thx: 'thanks',
  ty: 'thank you',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmrow: 'tomorrow',
  tomoz: 'tomorrow',
  '2moro': 'tomorrow',
  '2day': 'today',
  tdy: 'today',
  tonite: 'tonight',
  wk: 'week',
  wknd: 'weekend',
  mon: 'monday',
  tue: 'tuesday',
  tues: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  thur: 'thursday',
  thurs: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
  hr: 'hour',
  hrs: 'hours',
  min: 'minute',
  mins: 'minutes',
  appt: 'appointment',
  appts: 'appointments',
  apt: 'appointment',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  lemme: 'let me',
  gimme: 'give me',
  dont: 'do not',
  cant: 'can not',
  wont: 'will not',
  didnt: 'did not',
  doesnt: 'does not',
  isnt: 'is not',
  im: 'i am',
  ive: 'i have',
  id: 'i would',
  whats: 'what is',
  wats: 'what is',
  wat: 'what',
  hows: 'how is',
  whens: 'when is',
  wheres: 'where is',
  thats: 'that is',
  b4: 'before',
  msg: 'message',
  ppl: 'people',
  abt: 'about',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  ok: 'okay',
  k: 'okay',
  info: 'information',
  asap: 'as soon as possible',
  dr: 'doctor',
  doc: 'doctor',
  w: 'with',
  'w/': 'with',
  n: 'and',
};

/**
 * Lower case, shorthand expanded ("u" -> "you"), hyphenated words joined, and, when `correct` is
 * given, each word English does not know replaced by what it returns.
 */
export function normaliseWords(text: string, correct?: (word: string) => string): string {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      // "check-up" and "checkup", "x-ray" and "xray" are one word to a texter.
      .replace(/(\p{L})-(\p{L})/gu, '$1$2')
      .split(/\s+/)
      .map((word) => {
        const bare = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}/]+$/gu, '');
        const expanded = SHORTHAND[bare];
        if (expanded !== undefined) return word.replace(bare, expanded);
        if (correct && bare !== '' && !isKnownWord(bare)) return word.replace(bare, correct(bare));
        return word;
      })
      .join(' ')
  );
}

export interface TokenizedText {
  /** The words as written (lower case, shorthand expanded, typos corrected when asked). */
  words: string[];
  /** Lower-case lemmas of the words, punctuation dropped. */
  lemmas: string[];
}

/**
 * @param correct  given a word English does not know, returns the word meant (or it unchanged).
 *   It runs before lemmatising, so a typo does not also mislead the part-of-speech tagger
 *   ("cancle my booking" would otherwise read "booking" as a verb).
 */
export function tokenize(text: string, correct?: (word: string) => string): TokenizedText {
  const words = normaliseWords(text, correct);
  const { type: types, lemma, normal } = tokenProperties(words);
  const kept = (_: string, i: number) => types[i] === 'word' || types[i] === 'number';
  return { words: normal.filter(kept), lemmas: lemma.filter(kept).map((value) => value.toLowerCase()) };
}

export type FeatureBag = Map<string, number>;

/**
 * Grammatical words and greetings: kept ("how much" and "when are you" need them) but worth
 * less than content words, and given no character n-grams, so that two messages do not look
 * alike because both say "can I … the …".
 */
export const FUNCTION_WORDS = new Set(
  (
    'a an the i me my mine you your yours we us our he she him her it its they them their this that these those ' +
    'is are am was were be been being do does did have has had to of for on in at by with from and or but so if ' +
    'there here please hi hello hey thanks thank okay would could should will shall can may might must just'
  ).split(' '),
);
const FUNCTION_WORD_WEIGHT = 0.3;

/** Relative weights of the three kinds of feature (each kind is normalised to sum 1 first). */
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.4;
const NGRAM_WEIGHT = 0.8;

function add(bag: FeatureBag, key: string, weight: number): void {
  bag.set(key, (bag.get(key) ?? 0) + weight);
}

function addKind(target: FeatureBag, source: FeatureBag, weight: number): void {
  let total = 0;
  for (const value of source.values()) total += value;
  if (total === 0) return;
  for (const [key, value] of source) add(target, key, (weight * value) / total);
}

/** Character 3- and 4-grams of a word padded with boundaries ("<can>" -> "<ca", "can", "an>", …). */
export function charNgrams(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  }
  return grams;
}

/** Builds the feature bag of already-corrected lemmas. */
export function featuresOf(lemmas: string[]): FeatureBag {
  const words: FeatureBag = new Map();
  const bigrams: FeatureBag = new Map();
  const grams: FeatureBag = new Map();
  lemmas.forEach((lemma, i) => {
    const functionWord = FUNCTION_WORDS.has(lemma);
    add(words, `w:${lemma}`, functionWord ? FUNCTION_WORD_WEIGHT : 1);
    const next = lemmas[i + 1];
    if (next !== undefined) add(bigrams, `b:${lemma}_${next}`, functionWord && FUNCTION_WORDS.has(next) ? FUNCTION_WORD_WEIGHT : 1);
    if (!functionWord && lemma !== DATE_PLACEHOLDER && /^\p{L}+$/u.test(lemma))
      for (const gram of charNgrams(lemma)) add(grams, `c:${gram}`, 1);
  });
  const bag: FeatureBag = new Map();
  addKind(bag, words, WORD_WEIGHT);
  addKind(bag, bigrams, BIGRAM_WEIGHT);
  addKind(bag, grams, NGRAM_WEIGHT);
  return bag;
}
