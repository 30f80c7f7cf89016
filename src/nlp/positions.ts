import type { Mention, PositionRecord, QuoteRecord, Sentence } from './types.ts';
import { NEUTRAL_REPORTING, STANCE_MARKER, STANCE_NOUNS, STANCE_VERBS } from './lexicon.ts';
import { type ArticleContext, mainSubject, subjectBefore, wordsOutsideQuotes, type Word } from './clauses.ts';
import { tagTopic } from './topics.ts';

/** Verbs that are stances only with a particular complement ("ruled out", "called for", "sees … as"). */
function verbQualifies(w: Word, after: string): boolean {
  const v = w.lower;
  if (/^(?:rule|rules|ruled|ruling)$/.test(v)) return /^\s+(?:\w+\s+)?out\b/.test(after);
  if (/^(?:call|calls|called|calling|push|pushes|pushed|pushing)$/.test(v)) return /^\s+(?:for|on)\b/.test(after);
  if (/^(?:present|presents|presented|presenting)$/.test(v)) return /^\s+(?:\S+\s+){0,3}(?:view|plan|proposal|conditions|demands|terms)\b/.test(after);
  if (/^(?:sees|see|saw|views|view|considers|consider|considered)$/.test(v)) return /^\s+(?:\S+\s+){1,8}as\b/.test(after);
  if (/^(?:lay|lays|laid|laying|set|sets|setting|put|puts|putting)$/.test(v)) return /^\s+(?:out|forward|down)\b/.test(after);
  if (/^(?:back|backs|backed|support|supports|supported|hope|hopes|hoped|wish|wishes|wished)$/.test(v)) return true;
  return true;
}

/** The clause a position states: from its subject to the end of the clause, without a trailing attribution. */
function clauseText(ctx: ArticleContext, s: Sentence, from: number): { start: number; end: number } {
  let end = s.end;
  const rest = ctx.body.slice(from, s.end);
  const semi = rest.search(/;\s/);
  if (semi > 0) end = from + semi;
  let text = ctx.body.slice(from, end);
  const attribution = text.match(/,\s*(?:\p{Lu}[\p{L}.’' ]+|he|she|they)\s+(?:said|says|added|told [\p{L} ]+)\.?$/u);
  if (attribution) text = text.slice(0, attribution.index);
  text = text.replace(/[\s,.:;—–-]+$/u, '');
  return { start: from, end: from + text.length };
}

function record(ctx: ArticleContext, s: Sentence, subject: Mention, span: { start: number; end: number }, verb: string, content: string): PositionRecord | null {
  const topic = tagTopic(content) ?? tagTopic(ctx.body.slice(span.start, span.end));
  if (!topic) return null;
  const actor = subject.party ?? subject.name;
  const person = subject.kind === 'person' || subject.kind === 'institution' ? subject.name : null;
  return { start: span.start, end: span.end, actor, person, text: ctx.body.slice(span.start, span.end), sentence: s.index, topic, verb };
}

/**
 * Positions: clauses where an actor states, demands, rejects, insists on, proposes, wants or signals
 * something. The actor is the party the speaker speaks for; a coordinated subject gives one each.
 */
export function extractPositions(ctx: ArticleContext, quotes: QuoteRecord[]): PositionRecord[] {
  const out: PositionRecord[] = [];
  const seen = new Set<string>();
  const push = (p: PositionRecord | null) => {
    if (!p) return;
    const key = `${p.sentence}|${p.actor}|${p.topic}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };

  for (const s of ctx.sentences) {
    const words = wordsOutsideQuotes(ctx, s);
    let lastSubject: Mention[] = [];
    for (const w of words) {
      const stance = STANCE_VERBS.has(w.lower);
      const neutral = NEUTRAL_REPORTING.has(w.lower);
      if (!stance && !neutral) continue;
      const after = ctx.body.slice(w.end, s.end);
      if (!verbQualifies(w, after)) continue;
      const before = ctx.body.slice(s.start, w.start);

      // Passive with an agent: "… have been flatly ruled out by Kyiv".
      const agent = after.match(/^\s+(?:out\s+)?by\s+/);
      if (agent && /\b(?:been|be|was|were|is|are)\s+(?:\p{L}+ly\s+)?$/u.test(before)) {
        const at = w.end + agent[0].length;
        const by = ctx.bySentence[s.index].filter((m) => m.start === at);
        for (const m of by) push(record(ctx, s, m, clauseText(ctx, s, s.start), w.lower, ctx.body.slice(s.start, s.end)));
        continue;
      }

      let subject = subjectBefore(ctx, s, w.start);
      if (!subject.length && /ing$/.test(w.lower) && /,\s*$/.test(before)) subject = mainSubject(ctx, s, w.start);
      if (!subject.length && /(?:,\s*|\s)(?:and|but)\s+(?:\p{L}+ly\s+)?$/u.test(before)) subject = lastSubject;
      if (!subject.length) continue;
      lastSubject = subject;
      if (neutral && !STANCE_MARKER.test(after)) continue;
      const from = Math.min(...subject.map((m) => m.start));
      for (const m of subject) push(record(ctx, s, m, clauseText(ctx, s, from), w.lower, after));
    }

    // Owned stance nouns: "Russia's demand that Ukraine be forbidden from joining NATO".
    for (const m of ctx.bySentence[s.index]) {
      if (!m.possessive) continue;
      const after = ctx.body.slice(m.end, s.end).replace(/^\s+/, '');
      if (!STANCE_NOUNS.test(after)) continue;
      push(record(ctx, s, m, clauseText(ctx, s, m.start), 'owns', after));
    }
  }

  // A party speaker's direct quotation that itself states a stance is a position too.
  for (const q of quotes) {
    if (!q.party || !STANCE_MARKER.test(q.text)) continue;
    const topic = tagTopic(q.text);
    if (!topic) continue;
    const s = ctx.sentences[q.sentence];
    const span = clauseText(ctx, s, s.start);
    push({ start: span.start, end: span.end, actor: q.party, person: q.speakerKind === 'person' || q.speakerKind === 'institution' ? q.speaker : null, text: ctx.body.slice(span.start, span.end), sentence: s.index, topic, verb: 'quote' });
  }
  return out.sort((a, b) => a.start - b.start);
}
