// Answers from the builder's knowledge by quoting it, never by writing: the knowledge is split
// into passages (Q:/A: pairs, else paragraphs), minisearch ranks them against the message, and
// the best one is the answer only if it covers most of what the message is about. Asked the
// price of something the knowledge never names, it finds no passage that covers "whitening",
// so it says it does not know instead of quoting another price.
import MiniSearch from 'minisearch';
import { FUNCTION_WORDS, normaliseWords, tokenProperties } from './text-features';

export interface Passage {
  id: number;
  /** The question of a Q:/A: pair, else the heading above the paragraph; searched with extra weight. */
  title: string;
  /** What is searched besides the title. */
  body: string;
  /** What the contact is sent: the answer of a pair, else the paragraph itself. */
  answer: string;
}

const QUESTION_LINE = /^\s*(?:q|question)\s*[:.)-]\s*/i;
const ANSWER_LINE = /^\s*(?:a|answer)\s*[:.)-]\s*/i;
const HEADING_LINE = /^\s*(?:#+\s*(.+?)\s*|(.{1,60}):\s*)$/;

/** Splits knowledge into passages: each Q:/A: pair, else each paragraph (with its heading). */
export function splitKnowledge(knowledge: string): Passage[] {
  const passages: Passage[] = [];
  let heading = '';
  const push = (title: string, body: string, answer: string) => {
    if (answer.trim() !== '') passages.push({ id: passages.length, title: title.trim(), body: body.trim(), answer: answer.trim() });
  };
  for (const block of knowledge.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    // A heading ("## Prices" or "Prices:") names the passages under it, on its own or atop a block.
    let headingMatch: RegExpExecArray | null;
    while (lines.length > 0 && (headingMatch = HEADING_LINE.exec(lines[0]!)) && !QUESTION_LINE.test(lines[0]!)) {
      heading = headingMatch[1] ?? headingMatch[2] ?? '';
      lines.shift();
    }
    if (lines.length === 0) continue;
    if (!lines.some((line) => QUESTION_LINE.test(line))) {
      push(heading, lines.join(' '), lines.join('\n'));
      continue;
    }
    let question = '';
    let answer: string[] = [];
    for (const line of lines) {
      if (QUESTION_LINE.test(line)) {
        push(question, answer.join(' '), answer.join('\n'));
        question = line.replace(QUESTION_LINE, '');
        answer = [];
      } else {
        answer.push(line.replace(ANSWER_LINE, ''));
      }
    }
    push(question, answer.join(' '), answer.join('\n'));
  }
  return passages;
}

/** Words that say what kind of question it is, not what it is about. */
const QUESTION_WORDS = new Set([
  'what',
  'when',
  'where',
  'which',
  'who',
  'why',
  'how',
  'much',
  'many',
  'tell',
  'know',
  'want',
  'need',
  'like',
  'get',
]);

/** Stems of the content words: "costs" and "cost", "opening" and "open" meet. */
export function contentStems(text: string): string[] {
  const { type: types, normal: words, stem: stems } = tokenProperties(normaliseWords(text));
  return stems.filter((_, i) => {
    const word = words[i]!;
    return (types[i] === 'word' || types[i] === 'number' || types[i] === 'time') && !FUNCTION_WORDS.has(word) && !QUESTION_WORDS.has(word);
  });
}

/**
 * Share of the message's content (weighted by how rare each word is in the knowledge; a word
 * the knowledge lacks counts as the rarest) that the passage must match to be quoted.
 */
const MIN_COVERAGE = 0.6;

export interface KnowledgeAnswer {
  passage: Passage;
  coverage: number;
}

export class KnowledgeIndex {
  private readonly search: MiniSearch<Passage>;
  private readonly documentFrequency = new Map<string, number>();

  constructor(readonly passages: Passage[]) {
    this.search = new MiniSearch<Passage>({
      fields: ['title', 'body'],
      tokenize: contentStems,
      processTerm: (term) => term,
      searchOptions: { boost: { title: 2 }, fuzzy: (term) => (term.length >= 5 ? 0.2 : false), prefix: false },
    });
    this.search.addAll(passages);
    for (const passage of passages) {
      for (const stem of new Set(contentStems(`${passage.title} ${passage.body}`))) {
        this.documentFrequency.set(stem, (this.documentFrequency.get(stem) ?? 0) + 1);
      }
    }
  }

  private weight(stem: string): number {
    return Math.log((this.passages.length + 1) / ((this.documentFrequency.get(stem) ?? 0) + 0.5));
  }

  /** The passage that answers `message`, or undefined when none covers enough of it. */
  answer(message: string): KnowledgeAnswer | undefined {
    const asked = [...new Set(contentStems(message))];
    if (asked.length === 0) return undefined;
    const total = asked.reduce((sum, stem) => sum + this.weight(stem), 0);
    let best: KnowledgeAnswer | undefined;
    for (const result of this.search.search(asked.join(' '), { combineWith: 'OR', tokenize: (query) => query.split(' ') }).slice(0, 5)) {
      const matched = new Set(result.queryTerms);
      const covered = asked.filter((stem) => matched.has(stem)).reduce((sum, stem) => sum + this.weight(stem), 0);
      const coverage = total > 0 ? covered / total : 0;
      const passage = this.passages[result.id as number]!;
      if (!best || coverage > best.coverage) best = { passage, coverage };
    }
    return best && best.coverage >= MIN_COVERAGE ? best : undefined;
  }
}

/** Indexes keyed by the knowledge text: a node's knowledge is split and indexed once. */
export class KnowledgeIndexCache {
  private readonly indexes = new Map<string, KnowledgeIndex>();

  constructor(private readonly capacity = 32) {}

  get(knowledge: string): KnowledgeIndex {
    const cached = this.indexes.get(knowledge);
    if (cached) {
      this.indexes.delete(knowledge);
      this.indexes.set(knowledge, cached);
      return cached;
    }
    const built = new KnowledgeIndex(splitKnowledge(knowledge));
    this.indexes.set(knowledge, built);
    if (this.indexes.size > this.capacity) this.indexes.delete(this.indexes.keys().next().value!);
    return built;
  }
}
