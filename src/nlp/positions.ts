import type { Mention, PositionRecord, QuoteRecord, Sentence } from './types.ts';
import { NEUTRAL_REPORTING, STANCE_MARKER, STANCE_NOUNS, STANCE_VERBS } from './lexicon.ts';
import { type ArticleContext, insideQuote, lowerBound, mainSubject, subjectBefore, wordsOutsideQuotes, type Word } from './clauses.ts';
import { isAttributive } from './entities.ts';
import { tagTopic } from './topics.ts';
import { isSpace, isWordChar, toLower } from './chars.ts';

/** Stance and neutral reporting verbs in one map (one lookup per word); a verb in both lists counts as neutral. */
const STANCE = 1;
const NEUTRAL = 2;
const VERB_KIND = new Map<string, number>();
for (const v of STANCE_VERBS) VERB_KIND.set(v, STANCE);
for (const v of NEUTRAL_REPORTING) VERB_KIND.set(v, NEUTRAL);

/** Verbs that are stances only with a particular complement ("ruled out", "called for", "sees … as"): the test of the text around them. */
const COMPLEMENT_TESTS: [string, (before: string, after: string) => boolean][] = [
  ['rule rules ruled ruling', (_, after) => /^\s+(?:\w+\s+)?out\b/.test(after)],
  // "called the declaration ‘a document about war’": a characterisation in the actor's words is a stance.
  ['call calls called calling', (_, after) => /^\s+(?:for|on)\b/.test(after) || /^\s+(?:\S+\s+){1,5}[‘“"]/.test(after)],
  ['push pushes pushed pushing press presses pressed pressing ask asks asked asking', (_, after) => /^\s+(?:for|on|to)\b/.test(after) || /^\s+(?:\S+\s+){1,3}to\b/.test(after)],
  ['present presents presented presenting', (_, after) => /^\s+(?:\S+\s+){0,3}(?:view|plan|proposal|conditions|demands|terms)\b/.test(after)],
  ['sees see saw views view considers consider considered', (_, after) => /^\s+(?:\S+\s+){1,8}as\b/.test(after)],
  ['lay lays laid laying set sets setting put puts putting', (_, after) => /^\s+(?:out|forward|down)\b/.test(after)],
  ['commit commits committed committing', (_, after) => /^\s+(?:to|itself|themselves)\b/.test(after)],
  ['clear adamant firm emphatic unequivocal', (before) => /\b(?:has been|have been|is|are|was|were|remains|remained)\s+$/.test(before)],
];
const COMPLEMENT = new Map(COMPLEMENT_TESTS.flatMap(([forms, test]) => forms.split(' ').map((form) => [form, test] as const)));
const DETERMINERS = new Set('the a an his her its their own this that these those whose'.split(' '));
const NOUN_LIKE = new Set('push pushes call calls offer offers demand demands bid view views support hope wish press'.split(' '));

function verbQualifies(w: Word, before: string, after: string): boolean {
  const v = w.lower;
  const complement = COMPLEMENT.get(v);
  if (complement) return complement(before, after);
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
function trailingJunk(text: string): number {
  const n = text.length;
  const ends = new Uint8Array(n + 1);
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
    } else misses++;
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

/**
 * Positions: clauses where an actor states, demands, rejects, insists on, proposes, wants or signals
 * something. The actor is the party the speaker speaks for; a coordinated subject gives one each.
 */
export function extractPositions(ctx: ArticleContext, quotes: QuoteRecord[]): PositionRecord[] {
  const out: PositionRecord[] = [];
  const sentenceFrom = new Map<number, number>(); // where each sentence's positions begin in `out`
  const add = (s: Sentence, subject: Mention, span: { start: number; end: number }, verb: string, content: string) => {
    if (span.end - span.start < 8) return;
    const topic = tagTopic(content) ?? tagTopic(ctx.body.slice(span.start, span.end)) ?? tagTopic(s.text);
    if (!topic) return;
    const actor = subject.party ?? subject.name;
    const person = subject.kind === 'person' || subject.kind === 'institution' ? subject.name : null;
    // One position per actor and stretch of text: overlapping finds keep the longer (only this sentence's can overlap).
    const from = sentenceFrom.get(s.index) ?? out.length;
    const clash = out.findIndex((p, i) => i >= from && p.actor === actor && p.start < span.end && span.start < p.end);
    const rec: PositionRecord = { start: span.start, end: span.end, actor, person, text: ctx.body.slice(span.start, span.end), sentence: s.index, topic, verb };
    if (clash < 0) out.push(rec);
    else if (span.end - span.start > out[clash].end - out[clash].start) out[clash] = { ...rec, person: rec.person ?? out[clash].person };
  };

  for (const s of ctx.sentences) {
    sentenceFrom.set(s.index, out.length);
    let bounds: number[] | undefined; // clause bounds, found when a clause is first needed
    const words = wordsOutsideQuotes(ctx, s);
    let lastSubject: Mention[] = [];
    for (const w of words) {
      const kind = VERB_KIND.get(w.lower);
      if (kind === undefined) continue;
      const neutral = kind === NEUTRAL;
      const after = ctx.body.slice(w.end, s.end);
      // Only the words just before the verb matter; a bounded window keeps long sentences linear.
      const before = ctx.body.slice(Math.max(s.start, w.start - 120), w.start);
      if (!verbQualifies(w, before, after)) continue;
      const clause = clauseOf((bounds ??= clauseBounds(ctx, s)), w.start);

      // Passive with an agent: "… have been flatly ruled out by Kyiv".
      const agent = after.match(/^\s+(?:out\s+)?by\s+/);
      if (agent && /\b(?:been|be|was|were|is|are)\s+(?:\p{L}+ly\s+)?$/u.test(before)) {
        const at = w.end + agent[0].length;
        for (const m of ctx.bySentence[s.index].filter((x) => x.start === at)) add(s, m, tidy(ctx, clause.start, clause.end), w.lower, ctx.body.slice(clause.start, clause.end));
        continue;
      }

      let subject = subjectBefore(ctx, s, w.start);
      let from = subject.length ? Math.max(clause.start, Math.min(...subject.map((m) => m.start))) : clause.start;
      if (!subject.length && /ing$/.test(w.lower) && /,\s*$/.test(before)) subject = mainSubject(ctx, s, w.start);
      if (!subject.length && /(?:,\s*|\s)(?:and|but)\s+(?:(?:has|have|had|is|was)\s+)?(?:\p{L}+ly\s+)?$/u.test(before)) subject = lastSubject;
      if (!subject.length) continue;
      lastSubject = subject;
      const content = ctx.body.slice(w.end, Math.min(clause.end, w.end + 400));
      if (neutral && !STANCE_MARKER.test(content)) continue;
      if (from > w.start) from = clause.start;
      for (const m of subject) add(s, m, tidy(ctx, from, clause.end), w.lower, content);
    }

    // Modal stances: "Ukraine will never legally recognise …", "that Russia would not accept …".
    for (const m of ctx.bySentence[s.index]) {
      if (m.possessive || m.kind === 'person' || insideQuote(ctx, m.start)) continue;
      if (m.kind !== 'group' && isAttributive(ctx.body, m) && !/^\s+(?:will|would|must|cannot|can|should|is|are|was|were|refuses?|wants?)\b/.test(ctx.body.slice(m.end, m.end + 12))) continue;
      const after = ctx.body.slice(m.end, Math.min(s.end, m.end + 120));
      if (!MODAL_STANCE.test(after)) continue;
      const clause = clauseOf((bounds ??= clauseBounds(ctx, s)), m.start);
      // "Russia continues to assert that Ukraine cannot join NATO" is Russia's position, not Ukraine's.
      const governor = governingSubject(ctx, s, m.start);
      if (governor && governor.party !== m.party) continue;
      add(s, m, tidy(ctx, m.start, clause.end), 'modal', ctx.body.slice(m.start, clause.end));
    }

    // Owned stance nouns: "Russia's demand that Ukraine be forbidden from joining NATO".
    for (const m of ctx.bySentence[s.index]) {
      if (!m.possessive) continue;
      const after = ctx.body.slice(m.end, Math.min(s.end, m.end + 200)).replace(/^\s+/, '');
      if (!STANCE_NOUNS.test(after)) continue;
      const clause = clauseOf((bounds ??= clauseBounds(ctx, s)), m.start);
      add(s, m, tidy(ctx, m.start, clause.end), 'owns', after);
    }
  }

  // A party speaker's own words that state a stance: “We cannot sign away our cities.”
  for (const q of quotes) {
    if (!q.party || q.text.split(/\s+/).length < 4) continue;
    if (!STANCE_MARKER.test(q.text) && !/\b(?:will|let them|not a|is not|only|no)\b/i.test(q.text)) continue;
    const s = ctx.sentences[q.sentence];
    const topic = tagTopic(q.text) ?? tagTopic(s.text) ?? 'negotiations';
    const speaker: Mention = { start: q.start, end: q.end, name: q.speaker, kind: q.speakerKind, party: q.party, possessive: false, via: 'name', sentence: q.sentence };
    add(s, speaker, { start: q.start, end: q.end }, 'quote', topic);
  }
  return out.sort((a, b) => a.start - b.start);
}
