/**
 * Scorer for the Parley gold standard (test/fixtures/gold/*.json).
 *
 * Compares what an extractor produced for one article with the hand-annotated
 * gold file and reports recall / precision plus attribute accuracy
 * (speaker, actor, topic, value) over the matched pairs.
 *
 * Matching rules (all on normalised text, see `normalise`):
 *  - quotes:    equal, or one contains the other and the shorter is >= 80% of the longer.
 *  - positions: longest common substring (or containment) >= 50% of the shorter text.
 *  - figures:   the extracted text contains the gold's number token and the texts
 *               overlap >= 40% of the shorter; or the values are equal (non-null)
 *               and the texts overlap.
 * Each gold item and each extracted item is paired at most once. Pairing maximises
 * the number of pairs first, then prefers pairs whose speaker/actor/value agree,
 * then larger text overlap (an assignment problem, solved exactly).
 * Unpaired extracted items that match an `ambiguous` string are ignored.
 * Pure TypeScript, no dependencies.
 */

export interface GoldFile {
  file: string;
  quotes: { speaker: string; text: string }[];
  positions: { actor: string; person?: string; text: string; topic: string }[];
  figures: { text: string; value: number | null; unit: string; topic?: string }[];
  ambiguous?: { quotes?: string[]; positions?: string[]; figures?: string[] };
}

export interface Extracted {
  quotes: { speaker: string; text: string; topic?: string | null }[];
  positions: { actor: string; text: string; topic?: string | null }[];
  figures: { text: string; value: number | null; unit: string; topic?: string | null }[];
}

interface BaseScore {
  recall: number;
  precision: number;
  tp: number;
  fn: number;
  fp: number;
  /** Extracted items ignored because they matched an `ambiguous` gold string. */
  ignored: number;
  /** Gold texts with no extracted partner. */
  misses: string[];
  /** Extracted texts with no gold partner (and not ambiguous). */
  falsePositives: string[];
}

export interface QuoteScores extends BaseScore {
  speakerAccuracy: number;
  speakerCorrect: number;
  wrongSpeakers: string[];
}

export interface PositionScores extends BaseScore {
  actorAccuracy: number;
  topicAccuracy: number;
  actorCorrect: number;
  topicCorrect: number;
  wrongActors: string[];
  wrongTopics: string[];
}

export interface FigureScores extends BaseScore {
  valueAccuracy: number;
  valueCorrect: number;
  wrongValues: string[];
}

export interface Scores {
  quotes: QuoteScores;
  positions: PositionScores;
  figures: FigureScores;
}

// ---------------------------------------------------------------------------
// Text helpers

const EDGE_PUNCT = /^[\p{P}\s]+|[\p{P}\s]+$/gu;

/** NFKC, curly quotes to straight, collapse whitespace, lowercase, strip edge punctuation. */
export function normalise(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(EDGE_PUNCT, '');
}

/** Length of the longest common substring (0 when either is empty). */
export function longestCommonSubstring(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  if (a.length < b.length) [a, b] = [b, a];
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  let best = 0;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        const v = prev[j - 1] + 1;
        cur[j] = v;
        if (v > best) best = v;
      } else {
        cur[j] = 0;
      }
    }
    [prev, cur] = [cur, prev];
  }
  return best;
}

/** Character overlap of two normalised texts: shorter length on containment, else LCS. */
function overlap(a: string, b: string): number {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.includes(s)) return s.length;
  return longestCommonSubstring(a, b);
}

function shorterLen(a: string, b: string): number {
  return Math.min(a.length, b.length);
}

function normName(s: string | null | undefined): string {
  return normalise(s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

// ---------------------------------------------------------------------------
// Numbers

const WORD_VALUES: Record<string, number | null> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, thousand: 1e3, million: 1e6,
  billion: 1e9, trillion: 1e12, dozen: 12, half: 0.5, third: 1 / 3, quarter: 0.25, fifth: 0.2,
  tenth: 0.1, twice: 2, double: 2, triple: 3,
  // vague quantities
  tens: null, dozens: null, hundreds: null, thousands: null, millions: null, billions: null,
  several: null, scores: null,
};
const NUMBER_WORD_RE = new RegExp(`\\b(?:${Object.keys(WORD_VALUES).join('|')})\\b`, 'g');
const DIGIT_RE = /\d[\d,]*(?:\.\d+)?/g;
const SCALES = [1, 1e3, 1e6, 1e9, 1e12];

function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === null && b === null;
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= 1e-9 * scale;
}

interface NumToken {
  token: string;
  value: number | null;
  index: number;
}

function numberTokens(norm: string): NumToken[] {
  const out: NumToken[] = [];
  for (const m of norm.matchAll(DIGIT_RE)) {
    const token = m[0].replace(/,$/, '');
    out.push({ token, value: Number(token.replace(/,/g, '')), index: m.index ?? 0 });
  }
  for (const m of norm.matchAll(NUMBER_WORD_RE)) {
    out.push({ token: m[0], value: WORD_VALUES[m[0]] ?? null, index: m.index ?? 0 });
  }
  return out.sort((x, y) => x.index - y.index);
}

/** The token in the gold text that carries the gold value (falls back to the first number). */
export function goldNumberToken(text: string, value: number | null): string | null {
  const toks = numberTokens(normalise(text));
  if (!toks.length) return null;
  if (value === null) return (toks.find((t) => t.value === null) ?? toks[0]).token;
  const hit = toks.find(
    (t) =>
      t.value !== null &&
      (SCALES.some((s) => sameValue(t.value! * s, value)) || sameValue(t.value / 100, value)),
  );
  return (hit ?? toks[0]).token;
}

function containsToken(norm: string, token: string): boolean {
  const esc = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = /^\d/.test(token)
    ? new RegExp(`(?<![\\d.,])${esc}(?![\\d]|[.,]\\d)`)
    : new RegExp(`\\b${esc}\\b`);
  return re.test(norm);
}

// ---------------------------------------------------------------------------
// Match predicates: return an overlap score in (0, 1] when matched, else 0.

function quoteMatch(goldN: string, gotN: string): number {
  if (!goldN || !gotN) return 0;
  if (goldN === gotN) return 1;
  const [s, l] = goldN.length <= gotN.length ? [goldN, gotN] : [gotN, goldN];
  if (l.includes(s) && s.length >= 0.8 * l.length) return s.length / l.length;
  return 0;
}

function positionMatch(goldN: string, gotN: string): number {
  if (!goldN || !gotN) return 0;
  const ov = overlap(goldN, gotN);
  const sh = shorterLen(goldN, gotN);
  if (ov >= 0.5 * sh) return ov / Math.max(goldN.length, gotN.length);
  return 0;
}

function figureMatch(
  goldN: string,
  goldToken: string | null,
  goldValue: number | null,
  gotN: string,
  gotValue: number | null,
): number {
  if (!goldN || !gotN) return 0;
  const ov = overlap(goldN, gotN);
  const sh = shorterLen(goldN, gotN);
  const score = ov / Math.max(goldN.length, gotN.length);
  if (goldToken !== null && containsToken(gotN, goldToken) && ov >= 0.4 * sh) return score;
  if (goldToken === null && ov >= 0.4 * sh) return score;
  // values agree and the texts share more than a trivial fragment
  if (goldValue !== null && gotValue !== null && sameValue(goldValue, gotValue)) {
    if (ov >= Math.min(4, sh) && ov >= 0.2 * sh) return score;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Assignment (Hungarian algorithm, maximising total weight; weight 0 = no edge)

function maxWeightPairs(w: number[][], rows: number, cols: number): [number, number][] {
  if (!rows || !cols) return [];
  const n = Math.max(rows, cols);
  // cost matrix (1-indexed) for minimisation
  let maxW = 0;
  for (const r of w) for (const v of r) if (v > maxW) maxW = v;
  const cost = (i: number, j: number): number =>
    i <= rows && j <= cols ? maxW - w[i - 1][j - 1] : maxW;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const pairs: [number, number][] = [];
  for (let j = 1; j <= n; j++) {
    const i = p[j];
    if (i >= 1 && i <= rows && j <= cols && w[i - 1][j - 1] > 0) pairs.push([i - 1, j - 1]);
  }
  return pairs;
}

/**
 * Pair gold and extracted items. `match(g, e)` returns an overlap score (0 = no match),
 * `agree(g, e)` whether the key attribute agrees. Weight favours: more pairs >> agreement >> overlap.
 */
function pair(
  nGold: number,
  nGot: number,
  match: (g: number, e: number) => number,
  agree: (g: number, e: number) => boolean,
): [number, number][] {
  const w: number[][] = [];
  for (let g = 0; g < nGold; g++) {
    const row: number[] = [];
    for (let e = 0; e < nGot; e++) {
      const m = match(g, e);
      row.push(m > 0 ? 1_000_000 + (agree(g, e) ? 100 : 0) + m : 0);
    }
    w.push(row);
  }
  return maxWeightPairs(w, nGold, nGot);
}

function ratio(num: number, den: number): number {
  return den === 0 ? 1 : num / den;
}

function finish<T extends BaseScore>(s: T): T {
  s.recall = ratio(s.tp, s.tp + s.fn);
  s.precision = ratio(s.tp, s.tp + s.fp);
  return s;
}

// ---------------------------------------------------------------------------
// Scoring

export function scoreArticle(gold: GoldFile, got: Extracted): Scores {
  const amb = gold.ambiguous ?? {};

  // ---- quotes
  const gq = gold.quotes.map((q) => normalise(q.text));
  const eq = (got.quotes ?? []).map((q) => normalise(q.text));
  const qPairs = pair(
    gq.length,
    eq.length,
    (g, e) => quoteMatch(gq[g], eq[e]),
    (g, e) => normName(gold.quotes[g].speaker) === normName(got.quotes[e].speaker),
  );
  const quotes: QuoteScores = {
    recall: 0, precision: 0, tp: qPairs.length, fn: 0, fp: 0, ignored: 0,
    misses: [], falsePositives: [], speakerAccuracy: 0, speakerCorrect: 0, wrongSpeakers: [],
  };
  {
    const gUsed = new Set(qPairs.map(([g]) => g));
    const eUsed = new Set(qPairs.map(([, e]) => e));
    const ambN = (amb.quotes ?? []).map(normalise);
    gold.quotes.forEach((q, i) => { if (!gUsed.has(i)) quotes.misses.push(q.text); });
    got.quotes.forEach((q, i) => {
      if (eUsed.has(i)) return;
      if (ambN.some((a) => quoteMatch(a, eq[i]) > 0)) quotes.ignored++;
      else quotes.falsePositives.push(q.text);
    });
    for (const [g, e] of qPairs) {
      if (normName(gold.quotes[g].speaker) === normName(got.quotes[e].speaker)) quotes.speakerCorrect++;
      else quotes.wrongSpeakers.push(`${gold.quotes[g].text} — got "${got.quotes[e].speaker}", want "${gold.quotes[g].speaker}"`);
    }
    quotes.fn = quotes.misses.length;
    quotes.fp = quotes.falsePositives.length;
    quotes.speakerAccuracy = ratio(quotes.speakerCorrect, quotes.tp);
    finish(quotes);
  }

  // ---- positions
  const gp = gold.positions.map((p) => normalise(p.text));
  const ep = (got.positions ?? []).map((p) => normalise(p.text));
  const pPairs = pair(
    gp.length,
    ep.length,
    (g, e) => positionMatch(gp[g], ep[e]),
    (g, e) => normName(gold.positions[g].actor) === normName(got.positions[e].actor),
  );
  const positions: PositionScores = {
    recall: 0, precision: 0, tp: pPairs.length, fn: 0, fp: 0, ignored: 0,
    misses: [], falsePositives: [], actorAccuracy: 0, topicAccuracy: 0,
    actorCorrect: 0, topicCorrect: 0, wrongActors: [], wrongTopics: [],
  };
  {
    const gUsed = new Set(pPairs.map(([g]) => g));
    const eUsed = new Set(pPairs.map(([, e]) => e));
    const ambN = (amb.positions ?? []).map(normalise);
    gold.positions.forEach((p, i) => { if (!gUsed.has(i)) positions.misses.push(`[${p.actor}] ${p.text}`); });
    got.positions.forEach((p, i) => {
      if (eUsed.has(i)) return;
      if (ambN.some((a) => positionMatch(a, ep[i]) > 0)) positions.ignored++;
      else positions.falsePositives.push(`[${p.actor}] ${p.text}`);
    });
    for (const [g, e] of pPairs) {
      const gg = gold.positions[g];
      const ee = got.positions[e];
      if (normName(gg.actor) === normName(ee.actor)) positions.actorCorrect++;
      else positions.wrongActors.push(`${gg.text} — got "${ee.actor}", want "${gg.actor}"`);
      if (normName(gg.topic) === normName(ee.topic ?? '')) positions.topicCorrect++;
      else positions.wrongTopics.push(`${gg.text} — got "${ee.topic ?? ''}", want "${gg.topic}"`);
    }
    positions.fn = positions.misses.length;
    positions.fp = positions.falsePositives.length;
    positions.actorAccuracy = ratio(positions.actorCorrect, positions.tp);
    positions.topicAccuracy = ratio(positions.topicCorrect, positions.tp);
    finish(positions);
  }

  // ---- figures
  const gf = gold.figures.map((f) => normalise(f.text));
  const gTok = gold.figures.map((f) => goldNumberToken(f.text, f.value));
  const ef = (got.figures ?? []).map((f) => normalise(f.text));
  const fPairs = pair(
    gf.length,
    ef.length,
    (g, e) => figureMatch(gf[g], gTok[g], gold.figures[g].value, ef[e], got.figures[e].value),
    (g, e) => sameValue(gold.figures[g].value, got.figures[e].value),
  );
  const figures: FigureScores = {
    recall: 0, precision: 0, tp: fPairs.length, fn: 0, fp: 0, ignored: 0,
    misses: [], falsePositives: [], valueAccuracy: 0, valueCorrect: 0, wrongValues: [],
  };
  {
    const gUsed = new Set(fPairs.map(([g]) => g));
    const eUsed = new Set(fPairs.map(([, e]) => e));
    const ambF = (amb.figures ?? []).map((a) => ({ n: normalise(a), tok: goldNumberToken(a, null) }));
    gold.figures.forEach((f, i) => { if (!gUsed.has(i)) figures.misses.push(f.text); });
    got.figures.forEach((f, i) => {
      if (eUsed.has(i)) return;
      if (ambF.some((a) => figureMatch(a.n, a.tok, null, ef[i], f.value) > 0)) figures.ignored++;
      else figures.falsePositives.push(f.text);
    });
    for (const [g, e] of fPairs) {
      if (sameValue(gold.figures[g].value, got.figures[e].value)) figures.valueCorrect++;
      else figures.wrongValues.push(`${gold.figures[g].text} — got ${got.figures[e].value}, want ${gold.figures[g].value}`);
    }
    figures.fn = figures.misses.length;
    figures.fp = figures.falsePositives.length;
    figures.valueAccuracy = ratio(figures.valueCorrect, figures.tp);
    finish(figures);
  }

  return { quotes, positions, figures };
}

/** Micro-average: sums the counts over articles and recomputes the ratios. Lists are concatenated. */
export function combine(scores: Scores[]): Scores {
  const q: QuoteScores = {
    recall: 0, precision: 0, tp: 0, fn: 0, fp: 0, ignored: 0, misses: [], falsePositives: [],
    speakerAccuracy: 0, speakerCorrect: 0, wrongSpeakers: [],
  };
  const p: PositionScores = {
    recall: 0, precision: 0, tp: 0, fn: 0, fp: 0, ignored: 0, misses: [], falsePositives: [],
    actorAccuracy: 0, topicAccuracy: 0, actorCorrect: 0, topicCorrect: 0, wrongActors: [], wrongTopics: [],
  };
  const f: FigureScores = {
    recall: 0, precision: 0, tp: 0, fn: 0, fp: 0, ignored: 0, misses: [], falsePositives: [],
    valueAccuracy: 0, valueCorrect: 0, wrongValues: [],
  };
  for (const s of scores) {
    q.tp += s.quotes.tp; q.fn += s.quotes.fn; q.fp += s.quotes.fp; q.ignored += s.quotes.ignored;
    q.speakerCorrect += s.quotes.speakerCorrect;
    q.misses.push(...s.quotes.misses); q.falsePositives.push(...s.quotes.falsePositives);
    q.wrongSpeakers.push(...s.quotes.wrongSpeakers);

    p.tp += s.positions.tp; p.fn += s.positions.fn; p.fp += s.positions.fp; p.ignored += s.positions.ignored;
    p.actorCorrect += s.positions.actorCorrect; p.topicCorrect += s.positions.topicCorrect;
    p.misses.push(...s.positions.misses); p.falsePositives.push(...s.positions.falsePositives);
    p.wrongActors.push(...s.positions.wrongActors); p.wrongTopics.push(...s.positions.wrongTopics);

    f.tp += s.figures.tp; f.fn += s.figures.fn; f.fp += s.figures.fp; f.ignored += s.figures.ignored;
    f.valueCorrect += s.figures.valueCorrect;
    f.misses.push(...s.figures.misses); f.falsePositives.push(...s.figures.falsePositives);
    f.wrongValues.push(...s.figures.wrongValues);
  }
  q.speakerAccuracy = ratio(q.speakerCorrect, q.tp);
  p.actorAccuracy = ratio(p.actorCorrect, p.tp);
  p.topicAccuracy = ratio(p.topicCorrect, p.tp);
  f.valueAccuracy = ratio(f.valueCorrect, f.tp);
  return { quotes: finish(q), positions: finish(p), figures: finish(f) };
}
