import type { FigureRecord, Sentence, Topic } from './types.ts';
import { tagTopic } from './topics.ts';
import { codeAt, isSpace, toLower, wordCount } from './chars.ts';
import { objectList } from './shapes.ts';

const WORD_NUMBERS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12,
};
const FRACTIONS: Record<string, number> = { half: 0.5, third: 1 / 3, quarter: 0.25, fifth: 0.2, tenth: 0.1, 'two-thirds': 2 / 3, 'three-quarters': 0.75 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9, tn: 1e12, m: 1e6, k: 1e3 };

/** Plural nouns a count can quantify, mapped to the unit we report. */
const UNIT_NOUNS: Record<string, string> = {
  troops: 'troops', soldiers: 'troops', servicemen: 'troops', personnel: 'troops', fighters: 'troops',
  points: 'points', days: 'days', hours: 'hours', weeks: 'weeks', months: 'months', years: 'years',
  prisoners: 'prisoners', pows: 'prisoners', captives: 'prisoners', detainees: 'prisoners',
  people: 'people', civilians: 'people', children: 'people', residents: 'people', refugees: 'people', casualties: 'people', deaths: 'people', dead: 'people',
  buildings: 'buildings', homes: 'buildings', houses: 'buildings', kilometres: 'km', kilometers: 'km', km: 'km', miles: 'miles',
  regions: 'regions', territories: 'territories', oblasts: 'regions', villages: 'villages', towns: 'towns', cities: 'cities', settlements: 'settlements',
  countries: 'countries', nations: 'countries', states: 'countries', drones: 'drones', missiles: 'missiles', tanks: 'tanks', shells: 'shells',
  killed: 'people', injured: 'people', wounded: 'people', tankers: 'ships', ships: 'ships', vessels: 'ships', aircraft: 'aircraft', jets: 'aircraft',
  warplanes: 'aircraft', packages: 'packages', rounds: 'rounds', men: 'troops', brigades: 'brigades', battalions: 'battalions',
  times: 'times', members: 'members', delegates: 'delegates', dollars: 'USD', euros: 'EUR', pounds: 'GBP',
};
const SINGULAR_UNITS: Record<string, string> = {
  point: 'points', day: 'days', hour: 'hours', week: 'weeks', month: 'months', year: 'years', kilometre: 'km', kilometer: 'km', mile: 'miles',
  member: 'members', nation: 'countries', country: 'countries', man: 'troops', strong: 'troops', percent: 'percent',
};
const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

// A number starts where a digit run starts (never inside one): keeps long digit runs linear.
const NUM = String.raw`(?<![\d,.])(?:\d{1,3}(?:,\d{3}){1,5}(?![\d,]\d)(?:\.\d+)?|\d{1,15}(?:\.\d+)?)`;
const WORDNUM = Object.keys(WORD_NUMBERS).join('|');
const SCALE = 'thousand|million|billion|trillion|bn|tn';
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';

function parseNumber(raw: string): number | null {
  const r = toLower(raw).replace(/,/g, '');
  if (/^\d+(?:\.\d+)?$/.test(r)) return Number(r);
  if (r in WORD_NUMBERS) return WORD_NUMBERS[r];
  return null;
}

interface Hit {
  start: number;
  end: number;
  raw: string;
  value: number | null;
  unit: string;
}

const NOUNS = Object.keys(UNIT_NOUNS).join('|');
// Compiled once: findHits runs on every sentence of every article.
const RE = {
  money: new RegExp(String.raw`([$€£])\s?(${NUM})(?:\s?(${SCALE}|m|k)\b)?`, 'gi'),
  moneyWords: new RegExp(String.raw`\b(${NUM}|${WORDNUM})\s(?:(${SCALE})\s)?(dollars|euros|pounds)\b`, 'gi'),
  vagueMoney: /\b(?:tens|hundreds|dozens) of (?:millions|billions|thousands) of (dollars|euros|pounds)\b/gi,
  vagueCount: new RegExp(String.raw`\b(?:(?:tens|dozens|hundreds|thousands) of|several (?:hundred|thousand|million))\s(?:[\p{L}-]+\s){0,2}?(${NOUNS})\b`, 'giu'),
  percent: new RegExp(String.raw`\b(${NUM})\s?(?:%|per ?cent\b)`, 'gi'),
  fraction: /\b(?:(?:a|one)[ -](fifth|quarter|third|tenth|half)|(two-thirds|three-quarters))\b(?= of\b)|\b(?:by|in) (half)\b/gi,
  age: new RegExp(String.raw`\b(?:${NUM}|${WORDNUM})-year-olds?\b`, 'gi'),
  compound: new RegExp(String.raw`\b(${NUM}|${WORDNUM})-(point|day|hour|week|month|year|kilometre|kilometer|mile|member|nation|country|man|strong)\b`, 'gi'),
  count: new RegExp(String.raw`\b(${NUM}|${WORDNUM})(?:\s(${SCALE}))?\s(?:[\p{Ll}\p{Lu}][\p{L}-]*\s){0,2}?(${NOUNS})\b`, 'giu'),
  bareLarge: new RegExp(String.raw`(?<![\d,.])(\d{1,3}(?:,\d{3}){1,5})(?![\d,]\d)(?:\s(${SCALE}))?\b`, 'g'),
  distance: new RegExp(String.raw`\b(${NUM})\s?(km|kilometres|kilometers|mi|miles)\b`, 'gi'),
  scaled: new RegExp(String.raw`(?<![\d,.])(\d{1,15}(?:\.\d+)?)\s(${SCALE})\b`, 'gi'),
  anyNumber: new RegExp(String.raw`\d|\b(?:${WORDNUM}|tens|dozens|hundreds|thousands|several|half|fifth|quarter|third|tenth|two-thirds|three-quarters)\b`, 'i'),
};

const MAX_HITS = 40;

/**
 * Words a sentence must contain for some patterns to match (each pattern's flags, so the same case
 * folding): cheap scans that spare the costlier patterns on most sentences.
 */
const NEEDS = {
  currencyWord: /dollars|euros|pounds/i,
  vagueCount: /tens of|dozens of|hundreds of|thousands of|several /iu,
  fraction: /fifth|quarter|third|tenth|half/i,
  age: /-year-old/i,
};

function claim(hits: Hit[], start: number, end: number, raw: string, value: number | null, unit: string): void {
  // A sentence with dozens of numbers is a table or noise, not prose: stop early (keeps this linear).
  if (hits.length >= MAX_HITS || hits.some((h) => start < h.end && h.start < end)) return;
  hits.push({ start, end, raw, value, unit });
}

/** Every match of a global pattern in the text, unless the text lacks what the pattern needs. */
function run(text: string, re: RegExp, f: (m: RegExpExecArray) => void, needs?: RegExp): void {
  if (needs && !needs.test(text)) return;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) f(m);
}

function scaleOf(s: string | undefined): number {
  return s ? SCALES[toLower(s)] ?? 1 : 1;
}

/** Find quantity expressions in one sentence. Order matters: earlier patterns claim their span first. */
function findHits(text: string): Hit[] {
  const hits = objectList<Hit>();
  if (!RE.anyNumber.test(text)) return hits;

  // Money: $9 billion, €50bn, 40 million euros; vague: tens of billions of dollars.
  run(text, RE.money, (m) => {
    const n = parseNumber(m[2]);
    claim(hits, m.index, m.index + m[0].length, m[0], n === null ? null : n * scaleOf(m[3]), CURRENCY[m[1]]);
  });
  run(text, RE.moneyWords, (m) => {
    const n = parseNumber(m[1]);
    claim(hits, m.index, m.index + m[0].length, m[0], n === null ? null : n * scaleOf(m[2]), UNIT_NOUNS[toLower(m[3])]);
  }, NEEDS.currencyWord);
  run(text, RE.vagueMoney, (m) => claim(hits, m.index, m.index + m[0].length, m[0], null, UNIT_NOUNS[toLower(m[1])]), NEEDS.currencyWord);
  // Vague counts: tens of countries, several thousand troops, hundreds of prisoners.
  run(text, RE.vagueCount, (m) => claim(hits, m.index, m.index + m[0].length, m[0], null, UNIT_NOUNS[toLower(m[1])]), NEEDS.vagueCount);
  // Percentages: 19%, 90 percent.
  run(text, RE.percent, (m) => claim(hits, m.index, m.index + m[0].length, m[0], parseNumber(m[1]), 'percent'));
  // Fractions in words: about a fifth of Ukraine, fallen by half, two-thirds of.
  run(text, RE.fraction, (m) => {
    const key = toLower(m[1] ?? m[2] ?? m[3]);
    claim(hits, m.index, m.index + m[0].length, m[0], FRACTIONS[key], 'fraction');
  }, NEEDS.fraction);
  // Ages are not figures: "a 17-year-old".
  run(text, RE.age, (m) => claim(hits, m.index, m.index + m[0].length, '', null, 'skip'), NEEDS.age);
  // Compounds: 28-point plan, 30-day ceasefire, five-hour-long meeting, 1,200-kilometre front.
  run(text, RE.compound, (m) => claim(hits, m.index, m.index + m[0].length, m[0], parseNumber(m[1]), SINGULAR_UNITS[toLower(m[2])]));
  // Counts with a unit noun, allowing one or two modifiers: 880,000 troops, four Russian-annexed regions, 20 times.
  run(text, RE.count, (m) => {
    const n = parseNumber(m[1]);
    claim(hits, m.index, m.index + m[0].length, m[0], n === null ? null : n * scaleOf(m[2]), UNIT_NOUNS[toLower(m[3])]);
  });
  run(text, RE.distance, (m) => claim(hits, m.index, m.index + m[0].length, m[0], parseNumber(m[1]), /^mi/i.test(m[2]) ? 'miles' : 'km'));
  // Large bare numbers (a cap, a head count): "reduce … to 600,000", "an 800,000 cap". Years never have commas.
  run(text, RE.bareLarge, (m) => {
    const n = parseNumber(m[1]);
    claim(hits, m.index, m.index + m[0].length, m[0], n === null ? null : n * scaleOf(m[2]), '');
  });
  run(text, RE.scaled, (m) => claim(hits, m.index, m.index + m[0].length, m[0], Number(m[1]) * scaleOf(m[2]), ''));
  // A loop, not .filter: the list keeps one map (see shapes.ts).
  const kept = objectList<Hit>();
  for (const h of hits) if (h.unit !== 'skip') kept.push(h);
  return kept;
}

/** Not figures: dates, clock times, reading times, article numbers, ordinals. */
const MONTH_BEFORE = new RegExp(`(?:${MONTHS})\\.?\\s$`);
const MONTH_AFTER = new RegExp(`^\\s(?:${MONTHS})\\b`);

function isNoise(text: string, h: Hit): boolean {
  // "Nine Days Without Light": a capitalised number and noun mid-sentence is a title, not a count.
  if (h.start > 0 && /^\p{Lu}\p{Ll}+\s\p{Lu}/u.test(h.raw) && !/^\d/.test(h.raw)) return true;
  const before = text.slice(Math.max(0, h.start - 12), h.start);
  const after = text.slice(h.end, h.end + 12);
  if (MONTH_BEFORE.test(before) || MONTH_AFTER.test(after)) return true;
  if (/^\s?(?:min|minute)s?\s+read/i.test(after) || /^:\d\d/.test(after)) return true;
  if (/\b(?:Article|Section|Resolution|Chapter|No\.)\s$/.test(before)) return true;
  return false;
}

const TROOP_CONTEXT = /\b(?:troops|armed forces|army|soldiers|military|forces)\b/i;

const isDigit = (c: number) => c >= 48 && c <= 57;
const EM_DASH = 0x2014;
const EN_DASH = 0x2013;
/** [;:—–] */
const isStop = (c: number) => c === 59 || c === 58 || c === EM_DASH || c === EN_DASH;

const isQuoteMark = (c: number) => c === 34 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;

/** [,;:—–] or the given bracket at i; a comma between digits (880,000) is part of a number, not a clause boundary. */
function isBoundary(text: string, i: number, paren: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 44) return !(isDigit(codeAt(text, i - 1)) && isDigit(codeAt(text, i + 1)));
  return isStop(c) || c === paren;
}

/**
 * The clause around a figure: between the nearest clause punctuation, widened to at least a few words.
 * Characters are tested by code: a regex test per character cost more than the rest of the stage.
 */
function clauseAround(text: string, start: number, end: number): { start: number; end: number } {
  // A clause is a phrase, not a page: never look further than this either side.
  const lo = Math.max(0, start - 240);
  const hi = Math.min(text.length, end + 240);
  let a = start;
  while (a > lo && !isBoundary(text, a - 1, 40)) a--;
  let b = end;
  while (b < hi && !isBoundary(text, b, 41)) b++;
  const words = wordCount(text, a, b);
  if (words < 5) {
    a = start;
    while (a > lo && !(isStop(text.charCodeAt(a - 1)) || text.charCodeAt(a - 1) === 40)) a--;
    b = end;
    while (b < hi && !(isStop(text.charCodeAt(b)) || text.charCodeAt(b) === 41)) b++;
  }
  // Trim [\s,“”"‘’] at the start and [\s,.“”"‘’] at the end.
  while (a < b && (isSpace(text.charCodeAt(a)) || text.charCodeAt(a) === 44 || isQuoteMark(text.charCodeAt(a)))) a++;
  while (b > a && (isSpace(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === 44 || text.charCodeAt(b - 1) === 46 || isQuoteMark(text.charCodeAt(b - 1)))) b--;
  return { start: a, end: b };
}

/** Numbers that matter, with their unit and the clause that states them. */
export function extractFigures(sentences: Sentence[]): FigureRecord[] {
  const out = objectList<FigureRecord>();
  for (const s of sentences) {
    let sentenceTopic: Topic | null | undefined;
    for (const h of findHits(s.text)) {
      if (isNoise(s.text, h)) continue;
      let unit = h.unit;
      if (!unit) unit = TROOP_CONTEXT.test(s.text) ? 'troops' : 'count';
      const clause = clauseAround(s.text, h.start, h.end);
      const text = s.text.slice(clause.start, clause.end);
      out.push({
        start: s.start + clause.start,
        end: s.start + clause.end,
        text,
        raw: h.raw,
        value: h.value,
        unit,
        sentence: s.index,
        topic: tagTopic(text) ?? (sentenceTopic === undefined ? (sentenceTopic = tagTopic(s.text)) : sentenceTopic),
      });
    }
  }
  return out;
}
