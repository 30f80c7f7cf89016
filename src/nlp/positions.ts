import type { Mention, PositionRecord, QuoteRecord, Sentence, Topic } from './types.ts';
import { NEUTRAL_REPORTING, STANCE_MARKER, STANCE_NOUNS, STANCE_VERBS, WordShapes } from './lexicon.ts';
import { type ArticleContext, insideQuote, lowerBound, mainSubject, subjectBefore, wordsOutsideQuotes, type Word } from './clauses.ts';
import { isAttributive, mention } from './entities.ts';
import { objectList } from './shapes.ts';
import { tagTopic } from './topics.ts';
import { isSpace, isWordChar, spaceRuns, toLower } from './chars.ts';

/** Stance and neutral reporting verbs in one map (one lookup per word); a verb in both lists counts as neutral. */
const STANCE = 1;
const NEUTRAL = 2;
const VERB_KIND = new Map<string, number>();
for (const v of STANCE_VERBS) VERB_KIND.set(v, STANCE);
for (const v of NEUTRAL_REPORTING) VERB_KIND.set(v, NEUTRAL);
const VERB_SHAPES = new WordShapes(VERB_KIND.keys());

/**
 * Verbs that are stances only with a particular complement ("ruled out", "called for", "sees … as"):
 * patterns, one of which the text after the verb (or, with `before`, the text before it) must match.
 * Data, not a closure per verb: one call site that always calls the same function.
 */
const COMPLEMENT_RULES: { forms: string; before?: true; patterns: RegExp[] }[] = [
  { forms: 'rule rules ruled ruling', patterns: [/^\s+(?:\w+\s+)?out\b/] },
  // "called the declaration ‘a document about war’": a characterisation in the actor's words is a stance.
  { forms: 'call calls called calling', patterns: [/^\s+(?:for|on)\b/, /^\s+(?:\S+\s+){1,5}[‘“"]/] },
  { forms: 'push pushes pushed pushing press presses pressed pressing ask asks asked asking', patterns: [/^\s+(?:for|on|to)\b/, /^\s+(?:\S+\s+){1,3}to\b/] },
  { forms: 'present presents presented presenting', patterns: [/^\s+(?:\S+\s+){0,3}(?:view|plan|proposal|conditions|demands|terms)\b/] },
  { forms: 'sees see saw views view considers consider considered', patterns: [/^\s+(?:\S+\s+){1,8}as\b/] },
  { forms: 'lay lays laid laying set sets setting put puts putting', patterns: [/^\s+(?:out|forward|down)\b/] },
  { forms: 'commit commits committed committing', patterns: [/^\s+(?:to|itself|themselves)\b/] },
  { forms: 'clear adamant firm emphatic unequivocal', before: true, patterns: [/\b(?:has been|have been|is|are|was|were|remains|remained)\s+$/] },
];
interface Complement {
  before: boolean;
  patterns: RegExp[];
}
const COMPLEMENT = new Map<string, Complement>();
for (const { forms, before, patterns } of COMPLEMENT_RULES) for (const form of forms.split(' ')) COMPLEMENT.set(form, { before: before === true, patterns });

function complementHolds(complement: Complement, before: string, after: string): boolean {
  const text = complement.before ? before : after;
  for (const re of complement.patterns) if (re.test(text)) return true;
  return false;
}
const DETERMINERS = new Set('the a an his her its their own this that these those whose'.split(' '));
const NOUN_LIKE = new Set('push pushes call calls offer offers demand demands bid view views support hope wish press'.split(' '));

function verbQualifies(w: Word, before: string, after: string): boolean {
  const v = w.lower;
  const complement = COMPLEMENT.get(v);
  if (complement) return complementHolds(complement, before, after);
  // Nouns that look like verbs: "its own remarks", "the call", "a push" (/\b(?:the|a|…)\s+$/i).
  if (isDeterminer(wordBeforeSpace(before))) return false;
  // "A U.S. push for …", "the EU call for …": a noun after a determiner and a modifier.
  if (NOUN_LIKE.has(v) && /(?:^|\s)(?:the|a|an|A|An|The)\s+\S+\s+$/.test(before)) return false;

  return true;
}

/** (A word is lower-cased only when it is short enough to be a determiner.) */
const DETERMINER_LONGEST = Math.max(...[...DETERMINERS].map((d) => d.length));
const isDeterminer = (word: string) => word.length <= DETERMINER_LONGEST && DETERMINERS.has(toLower(word));

/**
 * The word (ASCII letters, digits, _) that ends right before the trailing whitespace of a text; ''
 * when the text does not end in whitespace. What /\b(word)\s+$/i can match, found backwards.
 */
function wordBeforeSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  if (end === text.length) return '';
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/** Where clauses begin and end inside a sentence: "; ", ", and ", ", but ", " but ", ", while ". */
function clauseBounds(ctx: ArticleContext, s: Sentence): number[] {
  const bounds = [s.start];
  const re = /;\s+|,\s+(?:and|but|while|whereas|although|though|yet)\s+|\sbut\s+(?=that\b|\p{Ll}+ed\b)/gu;
  for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
    const at = s.start + m.index + m[0].length;
    if (!insideQuote(ctx, at - 1)) bounds.push(at);
  }
  bounds.push(s.end);
  return bounds;
}

function clauseOf(bounds: number[], pos: number): { start: number; end: number } {
  for (let i = 0; i < bounds.length - 1; i++) if (pos >= bounds[i] && pos < bounds[i + 1]) return { start: bounds[i], end: bounds[i + 1] };
  return { start: bounds[0], end: bounds[bounds.length - 1] };
}

/** Trim a span to its words: no boundary conjunction, trailing attribution or punctuation. */
function tidy(ctx: ArticleContext, start: number, end: number): { start: number; end: number } {
  let text = ctx.body.slice(start, end);
  // The pattern tries every comma of the clause: test for the words it needs first.
  if (text.includes(',') && (text.includes('said') || text.includes('says') || text.includes('added') || text.includes('told '))) {
    const attribution = text.match(ATTRIBUTION);
    if (attribution) text = text.slice(0, attribution.index);
  }
  return { start, end: start + trailingJunk(text) };
}

const ATTRIBUTION = /,\s*(?:\p{Lu}[\p{L}.’' ]+|he|she|they)\s+(?:said|says|added|told [\p{L} ]+)(?:\s+on \p{Lu}\p{Ll}+)?\.?$/u;
const JUNK_WORDS = ['and', 'but', 'while', 'whereas'];
/** [\s,.:;—–-] */
const isJunk = (c: number) => isSpace(c) || c === 44 || c === 46 || c === 58 || c === 59 || c === 0x2014 || c === 0x2013 || c === 45;

/**
 * Where a span's trailing punctuation and conjunctions begin (its length when it has none): the match of
 * /(?:[\s,.:;—–-]|(?:,\s*)?\b(?:and|but|while|whereas)\s*)+$/u, found backwards instead of trying the
 * pattern at every space of the span. `ends[p]`: text from p on is all such junk.
 */
/** trailingJunk's table, reused: allocating a typed array per call cost more than the scan. */
let junkEnds = new Uint8Array(512);

function trailingJunk(text: string): number {
  const n = text.length;
  if (junkEnds.length < n + 1) junkEnds = new Uint8Array(2 * (n + 1));
  const ends = junkEnds; // every entry read below is written first in this call
  ends[n] = 1;
  let from = n;
  // A conjunction is at most 7 letters: 8 positions in a row that cannot start junk end the search.
  for (let p = n - 1, misses = 0; p >= 0 && misses < 8; p--) {
    let junk = isJunk(text.charCodeAt(p)) && ends[p + 1] === 1;
    // The comma and spaces before a conjunction are junk characters themselves.
    if (!junk && (p === 0 || !isWordChar(text.charCodeAt(p - 1)))) junk = JUNK_WORDS.some((w) => text.startsWith(w, p) && ends[p + w.length] === 1);
    if (junk) {
      ends[p] = 1;
      from = p;
      misses = 0;
    } else {
      ends[p] = 0;
      misses++;
    }
  }
  return from;
}

/** A party or its speaker followed by a modal stance: "Ukraine will never recognise …", "Russia would not accept …". */
const MODAL_STANCE =
  /^\s+(?:(?:has|have|had|also|still|so far|long|repeatedly)\s+)*(?:\p{L}+ly\s+)?(?:will (?:never|not|only)|won[’']t|cannot|can[’']t|must|should|would (?:not|never|only)|(?:is|are|was|were) (?:not )?(?:ready|prepared|willing|unwilling|determined) to|refuses? to|wants?)\b/u;

/** The subject of the nearest reporting or stance verb before a position in the same sentence. */
function governingSubject(ctx: ArticleContext, s: Sentence, pos: number): Mention | null {
  const words = wordsOutsideQuotes(ctx, s);
  const at = lowerBound(words, pos + 1, (w) => w.end);
  for (let i = at - 1; i >= Math.max(0, at - 40); i--) {
    const w = words[i];
    if (!STANCE_VERBS.has(w.lower) && !NEUTRAL_REPORTING.has(w.lower)) continue;
    const subject = subjectBefore(ctx, s, w.start);
    if (subject.length) return subject[0];
    if (/ing$/.test(w.lower)) {
      const main = mainSubject(ctx, s, w.start);
      if (main.length) return main[0];
    }
  }
  return null;
}

/** One position record; every record is made here, so all have one shape (see shapes.ts). */
function positionRecord(start: number, end: number, actor: string, person: string | null, text: string, sentence: number, topic: Topic, verb: string): PositionRecord {
  return { start, end, actor, person, text, sentence, topic, verb };
}

/** The positions found so far: one per actor and stretch of text. */
class Positions {
  readonly out = objectList<PositionRecord>();
  /** Where each sentence's positions begin in `out`, by sentence index. */
  private readonly sentenceFrom: number[] = [];

  constructor(private readonly ctx: ArticleContext) {}

  beginSentence(s: Sentence): void {
    this.sentenceFrom[s.index] = this.out.length;
  }

  add(s: Sentence, subject: Mention, span: { start: number; end: number }, verb: string, content: string): void {
    if (span.end - span.start < 8) return;
    const body = this.ctx.body;
    const topic = tagTopic(content) ?? tagTopic(body.slice(span.start, span.end)) ?? tagTopic(s.text);
    if (!topic) return;
    const actor = subject.party ?? subject.name;
    const person = subject.kind === 'person' || subject.kind === 'institution' ? subject.name : null;
    // One position per actor and stretch of text: overlapping finds keep the longer (only this sentence's can overlap).
    const out = this.out;
    const from = s.index < this.sentenceFrom.length ? this.sentenceFrom[s.index] ?? out.length : out.length;
    let clash = -1;
    for (let i = from; i < out.length; i++) {
      const p = out[i];
      if (p.actor === actor && p.start < span.end && span.start < p.end) {
        clash = i;
        break;
      }
    }
    const text = body.slice(span.start, span.end);
    if (clash < 0) out.push(positionRecord(span.start, span.end, actor, person, text, s.index, topic, verb));
    else if (span.end - span.start > out[clash].end - out[clash].start) {
      out[clash] = positionRecord(span.start, span.end, actor, person ?? out[clash].person, text, s.index, topic, verb);
    }
  }
}

/** A sentence's clause bounds, found when a clause is first needed. */
class Clauses {
  private bounds: number[] | null = null;

  constructor(private readonly ctx: ArticleContext, private readonly s: Sentence) {}

  of(pos: number): { start: number; end: number } {
    return clauseOf((this.bounds ??= clauseBounds(this.ctx, this.s)), pos);
  }
}

/** The earliest start of a list of mentions (not Math.min(...spread): no array made). */
function earliestStart(ms: Mention[]): number {
  let min = Infinity;
  for (const m of ms) if (m.start < min) min = m.start;
  return min;
}

const PASSIVE_AGENT = /^\s+(?:out\s+)?by\s+/;
const PASSIVE_BEFORE = /\b(?:been|be|was|were|is|are)\s+(?:\p{L}+ly\s+)?$/u;
const COORDINATED_BEFORE = /(?:,\s*|\s)(?:and|but)\s+(?:(?:has|have|had|is|was)\s+)?(?:\p{L}+ly\s+)?$/u;

/** Stance and reporting verbs with their subjects: "Moscow has long insisted that …", "… ruled out by Kyiv". */
function verbPositions(ctx: ArticleContext, s: Sentence, clauses: Clauses, found: Positions): void {
  let lastSubject: Mention[] = objectList();
  for (const w of wordsOutsideQuotes(ctx, s)) {
    // Most words are no verb of ours: the shape test spares hashing them for the map.
    const kind = VERB_SHAPES.mayHave(w.lower) ? VERB_KIND.get(w.lower) : undefined;
    if (kind === undefined) continue;
    const neutral = kind === NEUTRAL;
    const after = ctx.body.slice(w.end, s.end);
    // Only the words just before the verb matter; a bounded window keeps long sentences linear.
    const before = ctx.body.slice(Math.max(s.start, w.start - 120), w.start);
    if (!verbQualifies(w, before, after)) continue;
    const clause = clauses.of(w.start);

    // Passive with an agent: "… have been flatly ruled out by Kyiv".
    const agent = PASSIVE_AGENT.exec(after);
    if (agent && PASSIVE_BEFORE.test(before)) {
      const at = w.end + agent[0].length;
      for (const m of ctx.bySentence[s.index]) {
        if (m.start === at) found.add(s, m, tidy(ctx, clause.start, clause.end), w.lower, ctx.body.slice(clause.start, clause.end));
      }
      continue;
    }

    let subject = subjectBefore(ctx, s, w.start);
    let from = subject.length ? Math.max(clause.start, earliestStart(subject)) : clause.start;
    if (!subject.length && /ing$/.test(w.lower) && /,\s*$/.test(before)) subject = mainSubject(ctx, s, w.start);
    if (!subject.length && COORDINATED_BEFORE.test(before)) subject = lastSubject;
    if (!subject.length) continue;
    lastSubject = subject;
    const content = ctx.body.slice(w.end, Math.min(clause.end, w.end + 400));
    if (neutral && !STANCE_MARKER.test(content)) continue;
    if (from > w.start) from = clause.start;
    for (const m of subject) found.add(s, m, tidy(ctx, from, clause.end), w.lower, content);
  }
}

const MODAL_AFTER_ATTRIBUTIVE = /^\s+(?:will|would|must|cannot|can|should|is|are|was|were|refuses?|wants?)\b/;

/** Modal stances: "Ukraine will never legally recognise …", "that Russia would not accept …". */
function modalPositions(ctx: ArticleContext, s: Sentence, clauses: Clauses, found: Positions): void {
  for (const m of ctx.bySentence[s.index]) {
    if (m.possessive || m.kind === 'person' || insideQuote(ctx, m.start)) continue;
    if (m.kind !== 'group' && isAttributive(ctx.body, m) && !MODAL_AFTER_ATTRIBUTIVE.test(ctx.body.slice(m.end, m.end + 12))) continue;
    const after = ctx.body.slice(m.end, Math.min(s.end, m.end + 120));
    if (!MODAL_STANCE.test(after)) continue;
    const clause = clauses.of(m.start);
    // "Russia continues to assert that Ukraine cannot join NATO" is Russia's position, not Ukraine's.
    const governor = governingSubject(ctx, s, m.start);
    // (Object.is, not !==: the same for strings and null, and no string-only speculation for a rare null party to deoptimise.)
    if (governor && !Object.is(governor.party, m.party)) continue;
    found.add(s, m, tidy(ctx, m.start, clause.end), 'modal', ctx.body.slice(m.start, clause.end));
  }
}

/** Owned stance nouns: "Russia's demand that Ukraine be forbidden from joining NATO". */
function ownedStancePositions(ctx: ArticleContext, s: Sentence, clauses: Clauses, found: Positions): void {
  for (const m of ctx.bySentence[s.index]) {
    if (!m.possessive) continue;
    const after = ctx.body.slice(m.end, Math.min(s.end, m.end + 200)).replace(/^\s+/, '');
    if (!STANCE_NOUNS.test(after)) continue;
    const clause = clauses.of(m.start);
    found.add(s, m, tidy(ctx, m.start, clause.end), 'owns', after);
  }
}

const QUOTED_STANCE = /\b(?:will|let them|not a|is not|only|no)\b/i;

/** A party speaker's own words that state a stance: “We cannot sign away our cities.” */
function quotedPositions(ctx: ArticleContext, quotes: QuoteRecord[], found: Positions): void {
  for (const q of quotes) {
    if (!q.party || spaceRuns(q.text) + 1 < 4) continue; // q.text.split(/\s+/).length < 4
    if (!STANCE_MARKER.test(q.text) && !QUOTED_STANCE.test(q.text)) continue;
    const s = ctx.sentences[q.sentence];
    const topic = tagTopic(q.text) ?? tagTopic(s.text) ?? 'negotiations';
    const speaker = mention(q.start, q.end, q.speaker, q.speakerKind, q.party, undefined, false, 'name', q.sentence);
    found.add(s, speaker, { start: q.start, end: q.end }, 'quote', topic);
  }
}

/**
 * Positions: clauses where an actor states, demands, rejects, insists on, proposes, wants or signals
 * something. The actor is the party the speaker speaks for; a coordinated subject gives one each.
 * (Each kind of find is its own function: a deoptimisation re-compiles one of them, not all.)
 */
export function extractPositions(ctx: ArticleContext, quotes: QuoteRecord[]): PositionRecord[] {
  const found = new Positions(ctx);
  for (const s of ctx.sentences) {
    found.beginSentence(s);
    const clauses = new Clauses(ctx, s);
    verbPositions(ctx, s, clauses, found);
    modalPositions(ctx, s, clauses, found);
    ownedStancePositions(ctx, s, clauses, found);
  }
  quotedPositions(ctx, quotes, found);
  return found.out.sort((a, b) => a.start - b.start);
}
