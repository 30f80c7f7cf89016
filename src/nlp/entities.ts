import type { Gazetteer, GazetteerActor, Mention, Sentence, ActorKind } from './types.ts';
import { charBefore, charBeforeTest, codeAt, isSpace, letterLength, splitOnSpace, toLower, upperLength, type CharBeforeTest } from './chars.ts';
import { objectList } from './shapes.ts';
import { GAP_WORDS, GROUP_NOUNS, NOT_NAME_WORDS, SPEECH_VERBS, STANCE_VERBS, SUBJECT_PRONOUNS, TITLE_WORDS } from './lexicon.ts';

export interface GazetteerIndex {
  /** What the index was built from (plain data: a worker thread builds its own index from it). */
  source: Gazetteer;
  actors: Map<string, GazetteerActor>;
  aliasToActor: Map<string, GazetteerActor>;
  aliasRe: RegExp;
  /** demonym or party alias (lowercased) → party name: "russian" → Russia, "alliance" → NATO */
  demonyms: Map<string, string>;
  demonymRe: string;
  /** The first characters of the demonym forms in `demonymRe`. */
  demonymFirsts: Set<string>;
  /** "European and Ukrainian" before a group noun ("officials"), anchored at the end; sticky */
  groupOwnerRe: RegExp;
  /** "the Russian leader", "the envoy" */
  roleRe: RegExp;
  ministryRe: RegExp;
  /** A demonym as a whole word (not after a letter: see execNotAfter) */
  partyRe: RegExp;
}

const NOT_AFTER_NAME = charBeforeTest(/[\p{L}\p{N}.]/u);
const NOT_AFTER_WORD = charBeforeTest(/\p{L}/u);

/**
 * `re.exec(text)` for a pattern that must not start right after a character `notAfter` matches: the
 * same matches as a leading lookbehind, which irregexp tests at every position of the text before
 * trying the alternatives (3–4× slower on these long name lists).
 */
function execNotAfter(re: RegExp, text: string, notAfter: CharBeforeTest): RegExpExecArray | null {
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!notAfter(text, m.index)) return m;
    re.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  }
  return null;
}

/** The whole character (code point) at p. */
function characterAt(text: string, p: number): string {
  const c = text.charCodeAt(p);
  return c < 128 ? String.fromCharCode(c) : String.fromCodePoint(text.codePointAt(p)!);
}

/**
 * `execNotAfter(index.groupOwnerRe, text, NOT_AFTER_WORD)` with the pattern sticky: the same leftmost
 * match, tried only where a word starts with a capital or a demonym's first letter (an owner is a
 * demonym or a capitalised word), not at every character of the window.
 */
function groupOwnerIn(index: GazetteerIndex, text: string): RegExpExecArray | null {
  const re = index.groupOwnerRe;
  for (let p = 0; p < text.length; p++) {
    // Cheapest test first: most characters are inside a word.
    if (NOT_AFTER_WORD(text, p)) continue;
    if (!upperLength(text, p) && !index.demonymFirsts.has(characterAt(text, p))) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}

const GROUP_NOUN = /(officials|diplomats|leaders|negotiators|authorities|government|governments|capitals|allies|partners|delegation|envoys|ministers|lawmakers|side|leadership|representatives)(?![\p{L}])/gu;
/** How far before its noun a group's owner may start ("European, Ukrainian and British"). */
const GROUP_OWNER_MAX = 200;

/**
 * "European and Ukrainian officials", "NATO officials": each group noun, with the owner words right
 * before it, leftmost first. Found noun first, then the owner on the text just before: the same
 * matches as one pattern owner-then-noun, without trying every capitalised word as an owner.
 */
function* findGroups(body: string, index: GazetteerIndex): Generator<{ start: number; end: number; owner: string; noun: string }> {
  let from = 0; // groups do not overlap: an owner starts after the previous group ended
  GROUP_NOUN.lastIndex = 0;
  // The noun alone: a pattern starting with the whitespace before it would be quadratic on a run of spaces.
  for (let m = execNotAfter(GROUP_NOUN, body, NOT_AFTER_WORD); m; m = execNotAfter(GROUP_NOUN, body, NOT_AFTER_WORD)) {
    const windowStart = Math.max(from, m.index - GROUP_OWNER_MAX);
    const owner = groupOwnerIn(index, body.slice(windowStart, m.index));
    if (!owner) continue;
    // The window's start is not a word boundary unless it is the text's or the previous group's end.
    const start = windowStart + owner.index;
    if (owner.index === 0 && windowStart > from && NOT_AFTER_WORD(body, start)) continue;
    const end = m.index + m[0].length;
    yield { start, end, owner: owner[1], noun: m[1] };
    from = end;
  }
}

/** The nouns `ministryRe` ends with: a text without any has no ministry mention. */
const MINISTRY_NOUN = /ministry|government|presidency|embassy|general staff|parliament|foreign office/;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ROLE_NOUNS =
  'aide|official|analyst|anchor|host|special envoy|envoy|president|leader|prime minister|foreign minister|minister|spokesman|spokeswoman|spokesperson|chancellor|secretary of state|secretary|negotiator|diplomat|premier|commissioner|ambassador|adviser|advisor|general|chief';

export function indexGazetteer(g: Gazetteer): GazetteerIndex {
  const actors = new Map<string, GazetteerActor>();
  const aliasToActor = new Map<string, GazetteerActor>();
  const demonyms = new Map<string, string>();
  const demonymForms = new Set<string>();
  for (const a of g.actors) {
    actors.set(a.name, a);
    for (const alias of [a.name, ...a.aliases]) {
      aliasToActor.set(alias.replace(/^the /i, ''), a);
    }
    if (a.kind === 'institution' && a.party) for (const alias of a.aliases) if (!/^the /i.test(alias)) demonymForms.add(alias), demonyms.set(alias.toLowerCase(), a.party);
    if (a.kind === 'state' || a.kind === 'bloc') {
      for (const d of a.demonyms ?? []) demonymForms.add(d), demonyms.set(d.toLowerCase(), a.name);
      for (const alias of a.aliases) if (!/^the /i.test(alias)) demonymForms.add(alias), demonyms.set(alias.toLowerCase(), a.name);
    }
  }
  const aliases = [...aliasToActor.keys()].sort((x, y) => y.length - x.length).map(escapeRe);
  // Case-sensitive: "US" the country, not "us" the pronoun.
  // Must not follow a letter, digit or dot: checked by execNotAfter, not by a lookbehind (see there).
  const aliasRe = new RegExp(`(?:(?:the|The)\\s+)?(${aliases.join('|')})(?![\\p{L}\\p{N}]|-(?!\\p{L}))([’']s)?`, 'gu');
  const demonymRe = [...demonymForms].sort((x, y) => y.length - x.length).map(escapeRe).join('|');
  // Who the group is, ending right before its noun; matched backwards from each noun (see findGroups).
  const groupOwnerRe = new RegExp(`((?:${demonymRe}|[\\p{Lu}][\\p{L}]+)(?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+)(?:${demonymRe}))*)\\s+$`, 'uy'); // sticky: tried at word starts only (see groupOwnerIn)
  // "Ukraine’s foreign ministry", "the Russian defence ministry": a state speaking through an institution.
  // (MINISTRY_NOUN lists the same nouns: keep them in step.)
  const ministryRe = new RegExp(
    `(${demonymRe})(?:[’']s)?\\s+(?:(?:foreign|defen[cs]e|interior|finance|economy|emergencies)\\s+)?(ministry|government|presidency|embassy|general staff|parliament|foreign office)(?![\\p{L}])`,
    'gu',
  );
  const roleRe = new RegExp(`(?:the|The)\\s+(?:(?:former|top|senior|chief|deputy|new|veteran|retired)\\s+)?(?:(${demonymRe})\\s+)?(${ROLE_NOUNS})(?![\\p{L}])([’']s)?`, 'gu');
  const demonymFirsts = new Set([...demonymForms].map((d) => String.fromCodePoint(d.codePointAt(0)!)));
  const partyRe = new RegExp(`(${demonymRe})(?![\\p{L}])`, 'gu');
  return { source: g, actors, aliasToActor, aliasRe, demonyms, demonymRe, demonymFirsts, groupOwnerRe, ministryRe, roleRe, partyRe };
}

export interface NewPerson {
  name: string;
  party: string | null;
  roles: string[];
}

const SPEECH_ALT = [...SPEECH_VERBS].join('|');

function plausibleName(name: string, index: GazetteerIndex): boolean {
  if (/[’']s\b/.test(name)) return false;
  const tokens = splitOnSpace(name);
  if (tokens.length < 2) return false;
  if (tokens.some((t) => NOT_NAME_WORDS.has(t))) return false;
  if (tokens.some((t) => index.aliasToActor.has(t) || index.demonyms.has(toLower(t)))) return false;
  if (index.aliasToActor.has(name)) return false;
  if (TITLE_WORDS.includes(toLower(tokens[0]))) return false;
  return true;
}

/** Party named near a new person: "Ukraine's Foreign Minister X", "X, Poland's prime minister,". */
function partyNear(text: string, index: GazetteerIndex, nearest: 'first' | 'last'): string | null {
  const re = index.partyRe;
  re.lastIndex = 0;
  let found: string | null = null;
  for (let m = execNotAfter(re, text, NOT_AFTER_WORD); m; m = execNotAfter(re, text, NOT_AFTER_WORD)) {
    found = index.demonyms.get(toLower(m[1])) ?? found;
    if (found && nearest === 'first') return found;
  }
  return found;
}

const GOVERNMENT_TITLE = /minister|president|premier|chancellor|secretary|spokes|ambassador|envoy|negotiator|official|diplomat/;
/** Titles of people who speak for themselves (or their newsroom, university, think tank), not for a state. */
const NON_GOVERNMENT_TITLE = /^(?:dr\.?|prof\.?|professor|analyst|expert|researcher|historian|economist|editor|columnist|commentator|correspondent|reporter|anchor|host)$/;

/**
 * People the gazetteer does not know, found by how news writes about people: a title before the
 * name, an appositive with a title after it, or a speech verb next to it.
 */
const TITLE_PLAIN = TITLE_WORDS.slice().sort((a, b) => b.length - a.length).map(escapeRe).join('|');
const TITLE_TOKENS = new Set([...TITLE_WORDS.flatMap((t) => t.split(/\s+/)), 'of', 'the']);
/**
 * A run of capitalised words on one line: a name, possibly behind its title ("Foreign Minister Andrii
 * Sybiha"). irregexp finds candidates for [A-Z\u00C0-…] quickly, for \p{Lu} slowly: the lookbehind
 * then keeps the capitals among them, inside the engine, instead of returning every curly quote and
 * apostrophe as a match for the caller to reject.
 */
const CAP_RUN = /[A-Z\u00C0-\u{10FFFF}](?<=\p{Lu})[\p{L}’'.-]*(?:[ ](?:\p{Lu}[\p{L}’'.-]*|von|van|de|der|al|bin|da|of))*/gu;
/** What may not come right before a capitalised run (it would be inside a word or an abbreviation). */
const NOT_BEFORE_CAP_RUN = charBeforeTest(/[\p{L}\p{N}’'.-]/u);
const WHITESPACE = charBeforeTest(/\s/);
interface TitleNode {
  next: Map<number, TitleNode>;
  title?: string;
}
/** The titles, lower case and spelt backwards, as a trie: matched from the end of the text before a name. */
const TITLES_BACKWARDS: TitleNode = { next: new Map() };
for (const t of TITLE_WORDS.map((w) => w.toLowerCase())) {
  let node = TITLES_BACKWARDS;
  for (let i = t.length - 1; i >= 0; i--) {
    const c = t.charCodeAt(i);
    let child = node.next.get(c);
    if (!child) node.next.set(c, (child = { next: new Map() }));
    node = child;
  }
  node.title = t;
}
const KELVIN = 0x212a; // the one non-ASCII character whose lower case is ASCII ("k")

/**
 * The title ending right before a name ("… Foreign Minister "), lower case: the leftmost text that is
 * a title (ignoring case), starts after a non-letter and is followed only by whitespace. Walked
 * backwards through the titles' trie from the end, instead of lower-casing every candidate start.
 */
function titleBefore(before: string): string | null {
  let end = before.length;
  while (end > 0 && WHITESPACE(before, end)) end--;
  if (end === before.length || end === 0) return null;
  let found: string | null = null;
  let node: TitleNode | undefined = TITLES_BACKWARDS;
  for (let p = end - 1; p >= 0; p--) {
    let c = before.charCodeAt(p);
    if (c >= 65 && c <= 90) c += 32;
    else if (c === KELVIN) c = 107;
    node = node.next.get(c); // titles are ASCII: any other character ends the walk
    if (!node) break;
    // Keep walking: a longer title, starting further left, wins.
    if (node.title && !NOT_AFTER_WORD(before, p)) found = node.title;
  }
  return found;
}
const TITLE_INSIDE = new RegExp(`(?<![\\p{L}])(${TITLE_PLAIN})(?![\\p{L}])`, 'iu');
const SPEECH_AFTER = new RegExp(`^\\s+(?:\\p{Ll}+ly\\s+)?(?:${SPEECH_ALT})(?![\\p{L}])`, 'u');
const INVERTED_BEFORE = /[,”"’']\s*(?:said|says|added|asked|wrote)\s+$/;
const APPOSITIVE_AFTER = /^,\s+([^,.;“”"\n]{0,100}?)[,.]/;

/**
 * People the gazetteer does not know, found by how news writes about people: a title before the
 * name, an appositive with a title after it, or a speech verb next to it. One pass over capitalised runs.
 */
export function findNewPeople(body: string, index: GazetteerIndex): NewPerson[] {
  const people = new Map<string, NewPerson>();
  const add = (name: string, party: string | null, role: string | null) => {
    const p = people.get(name) ?? { name, party: null, roles: [] };
    p.party ??= party;
    if (role && !p.roles.includes(role)) p.roles.push(role);
    people.set(name, p);
  };
  CAP_RUN.lastIndex = 0;
  for (let m = execNotAfter(CAP_RUN, body, NOT_BEFORE_CAP_RUN); m; m = execNotAfter(CAP_RUN, body, NOT_BEFORE_CAP_RUN)) {
    // A single word is never a name (it takes a first name and a surname).
    if (!m[0].includes(' ')) continue;
    // A run can cross a full stop ("… in Istanbul. Critics said"): each sentence's part is its own run.
    for (const part of sentenceParts(m[0], m.index)) {
      const tokens = splitOnSpace(part.text);
      // Leading title words, demonyms and owners ("Polish Prime Minister", "Ukraine's") are not the name.
      let lead = 0;
      let party: string | null = null;
      let owned = false; // "Hungary’s Viktor Orbán": a state's possessive before a full name names a person
      const titleWords: string[] = [];
      while (lead < tokens.length - 2 || (lead < tokens.length && tokens.length - lead > 4)) {
        const t = tokens[lead];
        const lower = toLower(t);
        const owner = lower.endsWith('’s') || lower.endsWith("'s") ? lower.slice(0, -2) : lower;
        if (index.demonyms.has(lower) || index.demonyms.has(owner)) {
          party = index.demonyms.get(lower) ?? index.demonyms.get(owner)!;
          owned ||= owner !== lower;
        }
        else if (TITLE_TOKENS.has(lower)) titleWords.push(lower);
        else if (!NOT_NAME_WORDS.has(t)) break;
        lead++;
      }
      let nameTokens = tokens.slice(lead);
      while (nameTokens.length > 2 && (NOT_NAME_WORDS.has(nameTokens[nameTokens.length - 1]) || nameTokens[nameTokens.length - 1] === 'of')) nameTokens = nameTokens.slice(0, -1);
      if (nameTokens.length < 2 || nameTokens.length > 4) continue;
      const name = nameTokens.join(' ');
      // Known actors and phrases that are no name are dropped here, before the costlier tests of the context.
      if (!plausibleName(name, index)) continue;
      const start = part.index + part.text.indexOf(name);
      const end = start + name.length;
      const before = body.slice(Math.max(0, start - 40), start);
      const after = body.slice(end, end + 130);
      const titleText = titleWords.filter((w) => w !== 'of' && w !== 'the').length ? titleWords.join(' ') : titleBefore(before);
      const appos = APPOSITIVE_AFTER.exec(after);
      const apposTitle = appos ? TITLE_INSIDE.exec(appos[1])?.[1]?.toLowerCase() ?? null : null;
      const speaks = SPEECH_AFTER.test(after) || (INVERTED_BEFORE.test(before) && /^\s*[,.]/.test(after));
      if (!titleText && !apposTitle && !speaks && !owned) continue;
      // A state named before an official's title is the state they speak for ("Polish Prime Minister
      // X"); before an analyst's or a doctor's it is only where they work ("European Security Studies, Dr X").
      party ??= titleText && !NON_GOVERNMENT_TITLE.test(titleText) ? partyNear(before, index, 'last') : null;
      party ??= appos ? partyNear(appos[1], index, 'first') : null;
      const role = titleText ?? apposTitle;
      // "Ukraine will not withdraw …, Foreign Minister Andrii Sybiha said": a government title speaks for the state in its sentence.
      if (!party && role && GOVERNMENT_TITLE.test(role)) {
        const lineStart = body.lastIndexOf('\n', start) + 1;
        const lineEnd = body.indexOf('\n', start);
        const line = body.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
        party = partyNear(sentenceAround(line, start - lineStart), index, 'first');
      }
      add(name, party, role);
    }
  }
  return [...people.values()];
}

/** A word that ends a sentence inside a run of capitalised words: "Istanbul.", "NATO." (not "V.", "J.D.", "Gen."). */
const SENTENCE_END_TOKEN = /^(?:\p{Lu}\p{Ll}{2,}|\p{Lu}{2,})\.$/u;

/** A capitalised run split after each word that ends a sentence, with each part's offset in the body. */
function sentenceParts(run: string, index: number): { text: string; index: number }[] {
  const parts: { text: string; index: number }[] = [];
  let from = 0;
  for (let at = run.indexOf('. '); at >= 0; at = run.indexOf('. ', at + 1)) {
    const word = run.slice(run.lastIndexOf(' ', at) + 1, at + 1);
    if (!SENTENCE_END_TOKEN.test(word) || TITLE_TOKENS.has(toLower(word))) continue;
    parts.push({ text: run.slice(from, at + 1), index: index + from });
    from = at + 2;
  }
  parts.push({ text: run.slice(from), index: index + from });
  return parts;
}

/** The sentence of a line around an offset (roughly: between sentence stops). */
function sentenceAround(line: string, at: number): string {
  const start = Math.max(0, line.lastIndexOf('. ', at) + 1);
  const stop = line.indexOf('. ', at);
  return line.slice(start, stop < 0 ? line.length : stop);
}

/**
 * Where the given forms occur as whole words, leftmost first, never overlapping; at one place the
 * longest form wins. The same matches as `execNotAfter(/(forms, longest first)(?![\p{L}])([’']s)?/gu,
 * body, NOT_AFTER_WORD)`, without compiling a new pattern for every article's new people.
 */
function* findForms(body: string, forms: string[]): Generator<{ start: number; end: number; form: string; possessive: boolean }> {
  if (!forms.length) return;
  const byLength = [...forms].sort((x, y) => y.length - x.length);
  const starts: number[] = [];
  for (const form of byLength) if (form) for (let at = body.indexOf(form); at >= 0; at = body.indexOf(form, at + 1)) starts.push(at);
  starts.sort((a, b) => a - b);
  let from = 0; // a match resumes the scan at its end
  for (const start of starts) {
    if (start < from || NOT_AFTER_WORD(body, start)) continue;
    const form = byLength.find((f) => body.startsWith(f, start) && !letterLength(body, start + f.length));
    if (!form) continue;
    const next = codeAt(body, start + form.length);
    const possessive = (next === 0x2019 || next === 39) && body[start + form.length + 1] === 's';
    from = start + form.length + (possessive ? 2 : 0);
    yield { start, end: from, form, possessive };
  }
}

/** He, he, She, she at p: its length (0 when none). */
function pronounLength(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c === 83 || c === 115) return text.startsWith('he', p + 1) ? 3 : 0; // S s
  if (c === 72 || c === 104) return codeAt(text, p + 1) === 101 ? 2 : 0; // H h, then e
  return 0;
}

/**
 * Where the next subject pronoun starts at or after `from` (-1: none): the matches of
 * `execNotAfter(/([Hh]e|[Ss]he)(?![\p{L}’'])/gu, text, NOT_AFTER_WORD)`, found from the "he" and "He"
 * in the text by indexOf. The regex stopped at every "he" inside "the", "when", "they" for its
 * not-after-a-letter test to reject it.
 */
function nextPronoun(text: string, from: number): number {
  let lower = text.indexOf('he', from); // "he" at i, or "she" at i - 1
  let upper = text.indexOf('He', from);
  while (lower >= 0 || upper >= 0) {
    let p: number;
    if (upper < 0 || (lower >= 0 && lower < upper)) {
      const c = lower > 0 ? text.charCodeAt(lower - 1) : -1;
      p = (c === 83 || c === 115) && lower - 1 >= from ? lower - 1 : lower;
      lower = text.indexOf('he', lower + 1);
    } else {
      p = upper;
      upper = text.indexOf('He', upper + 1);
    }
    const end = p + pronounLength(text, p);
    const next = codeAt(text, end);
    if (!NOT_AFTER_WORD(text, p) && next !== 0x2019 && next !== 39 && !letterLength(text, end)) return p;
  }
  return -1;
}

interface RawMention {
  start: number;
  end: number;
  name: string;
  kind: ActorKind;
  party: string | null;
  gender?: 'm' | 'f';
  possessive: boolean;
  via: Mention['via'];
  roles: string[];
}

/**
 * Every mention is made here, with all its fields in one order (`gender` too, when unknown): objects
 * of one shape keep the code that reads them monomorphic (see shapes.ts).
 */
export function mention(
  start: number, end: number, name: string, kind: ActorKind, party: string | null, gender: 'm' | 'f' | undefined,
  possessive: boolean, via: Mention['via'], sentence: number,
): Mention {
  return { start, end, name, kind, party, gender, possessive, via, sentence };
}

/** The one constructor of RawMention, for the same reason as `mention`. */
function rawMention(
  start: number, end: number, name: string, kind: ActorKind, party: string | null, gender: 'm' | 'f' | undefined,
  possessive: boolean, via: Mention['via'], roles: string[],
): RawMention {
  return { start, end, name, kind, party, gender, possessive, via, roles };
}

/** A pronoun ("he") or a role noun ("the envoy") to resolve to the person it means. */
interface Reference {
  start: number;
  end: number;
  pronoun: 'm' | 'f' | undefined;
  role: string | undefined;
  party: string | null | undefined;
  possessive: boolean;
}

function reference(start: number, end: number, pronoun: Reference['pronoun'], role: string | undefined, party: string | null | undefined, possessive: boolean): Reference {
  return { start, end, pronoun, role, party, possessive };
}

export interface MentionResult {
  mentions: Mention[];
  newPeople: NewPerson[];
}

function sentenceAt(sentences: Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid].end < pos) lo = mid + 1;
    else if (sentences[mid].start > pos) hi = mid - 1;
    else return mid;
  }
  return Math.max(0, Math.min(lo, sentences.length - 1));
}

let coveredTable = new Uint8Array(16_384);

/** findMentions' table of covered characters, zeroed: reused, as a new typed array per article cost more than clearing one. */
function coveredScratch(length: number): Uint8Array {
  if (coveredTable.length < length) coveredTable = new Uint8Array(2 * length);
  coveredTable.fill(0, 0, length);
  return coveredTable;
}

/**
 * Every reference to an actor, in text order: gazetteer names, new people (and their surnames),
 * groups ("Ukrainian officials"), and pronouns and role nouns resolved to the person they mean.
 */
export function findMentions(body: string, sentences: Sentence[], index: GazetteerIndex, quoteSpans: { start: number; end: number }[] = []): MentionResult {
  const spans = [...quoteSpans].sort((a, b) => a.start - b.start);
  const quoted = (pos: number) => {
    let lo = 0;
    let hi = spans.length - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid].start < pos) (hit = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    return hit >= 0 && pos < spans[hit].end;
  };
  // Which characters a name already covers: overlap checks in O(length) instead of O(mentions).
  const covered = coveredScratch(body.length + 1);
  const cover = (r: { start: number; end: number }) => covered.fill(1, r.start, r.end);
  const isCovered = (r: { start: number; end: number }) => {
    for (let i = r.start; i < r.end; i++) if (covered[i]) return true;
    return false;
  };
  const raw = objectList<RawMention>();
  const newPeople = findNewPeople(body, index);

  index.aliasRe.lastIndex = 0;
  for (let m = execNotAfter(index.aliasRe, body, NOT_AFTER_NAME); m; m = execNotAfter(index.aliasRe, body, NOT_AFTER_NAME)) {
    const actor = index.aliasToActor.get(m[1])!;
    const party = actor.party ?? (actor.kind === 'state' || actor.kind === 'bloc' ? actor.name : null);
    raw.push(rawMention(m.index, m.index + m[0].length, actor.name, actor.kind, party, actor.gender, Boolean(m[2]), 'name', actor.roles ?? []));
    cover(raw[raw.length - 1]);
  }
  // New people by full name or surname, in one pass: each form belongs to the first person it names.
  const personOf = new Map<string, NewPerson>();
  for (const p of newPeople) for (const form of [p.name, p.name.split(' ').pop()!]) if (!personOf.has(form)) personOf.set(form, p);
  for (const m of findForms(body, [...personOf.keys()])) {
    if (isCovered(m)) continue;
    cover(m);
    const p = personOf.get(m.form)!;
    raw.push(rawMention(m.start, m.end, p.name, 'person', p.party, undefined, m.possessive, 'name', p.roles));
  }
  // Groups: "European and Ukrainian officials", "NATO officials", "Trump officials".
  for (const g of findGroups(body, index)) {
    if (!GROUP_NOUNS.test(g.noun)) continue;
    const parties = new Set<string>();
    for (const part of g.owner.split(/,\s*|\s+and\s+|\s+or\s+/)) {
      const party = index.demonyms.get(toLower(part)) ?? index.aliasToActor.get(part)?.party ?? null;
      if (party) parties.add(party);
    }
    if (parties.size === 0) continue;
    const span = { start: g.start, end: g.end };
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].start >= span.start && raw[i].end <= span.end) raw.splice(i, 1);
    for (const party of parties) raw.push(rawMention(span.start, span.end, party, 'group', party, undefined, false, 'group', []));
  }
  index.ministryRe.lastIndex = 0;
  // Most articles name no ministry: finding the nouns is far cheaper than trying every demonym at every word.
  const ministries = MINISTRY_NOUN.test(body);
  for (let m = ministries && execNotAfter(index.ministryRe, body, NOT_AFTER_WORD); m; m = execNotAfter(index.ministryRe, body, NOT_AFTER_WORD)) {
    const party = index.demonyms.get(toLower(m[1]));
    if (!party) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].start >= span.start && raw[i].end <= span.end) raw.splice(i, 1);
    raw.push(rawMention(span.start, span.end, party, 'group', party, undefined, false, 'group', []));
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);

  // Pronouns and role nouns, resolved in text order against what came before.
  const refs = objectList<Reference>();
  for (let p = nextPronoun(body, 0); p >= 0; p = nextPronoun(body, p + 1)) {
    if (quoted(p)) continue;
    const length = pronounLength(body, p);
    refs.push(reference(p, p + length, SUBJECT_PRONOUNS.get(toLower(body.slice(p, p + length))), undefined, undefined, false));
  }
  const roleRe = index.roleRe;
  roleRe.lastIndex = 0;
  for (let m = execNotAfter(roleRe, body, NOT_AFTER_WORD); m; m = execNotAfter(roleRe, body, NOT_AFTER_WORD)) {
    const after = body.slice(m.index + m[0].length, m.index + m[0].length + 40);
    // "the envoy Steve Witkoff" is a title, not a reference.
    if (/^\s+\p{Lu}\p{Ll}/u.test(after) && !/^\s+(?:said|told|added|has|had|was|is|says)\b/.test(after)) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    if (isCovered(span)) continue;
    const party = m[1] ? index.demonyms.get(toLower(m[1])) ?? null : null;
    refs.push(reference(span.start, span.end, undefined, toLower(m[2]), party, Boolean(m[3])));
  }
  refs.sort((a, b) => a.start - b.start);

  const mentions = objectList<Mention>();
  const narrative = objectList<Mention>(); // mentions outside quotations: the only antecedents for pronouns
  const subjects = new Set<Mention>();
  let ri = 0;
  let mi = 0;
  let currentSentence = -1;
  let sentenceHasSubject = false;
  const pushMention = (mention: Mention) => {
    if (mention.sentence !== currentSentence) {
      currentSentence = mention.sentence;
      sentenceHasSubject = false;
    }
    if (quoted(mention.start)) {
      // Names inside a quotation are the speaker's words, not the narrative's subjects.
      mentions.push(mention);
      return;
    }
    if (!sentenceHasSubject && !mention.possessive && (mention.kind === 'person' || mention.kind === 'institution')) {
      if (!isAttributive(body, mention)) {
        subjects.add(mention);
        sentenceHasSubject = true;
      }
    }
    mentions.push(mention);
    narrative.push(mention);
  };
  while (mi < raw.length || ri < refs.length) {
    const takeRef = ri < refs.length && (mi >= raw.length || refs[ri].start < raw[mi].start);
    if (!takeRef) {
      const r = raw[mi++];
      pushMention(mention(r.start, r.end, r.name, r.kind, r.party, r.gender, r.possessive, r.via, sentenceAt(sentences, r.start)));
      continue;
    }
    const ref = refs[ri++];
    const sentence = sentenceAt(sentences, ref.start);
    const target = ref.pronoun !== undefined || ref.role === undefined
      ? resolvePronoun(narrative, subjects, sentence, ref.pronoun)
      : resolveRole(mentions, ref.role, ref.party ?? null, index, newPeople);
    if (!target) continue;
    pushMention(mention(ref.start, ref.end, target.name, target.kind, target.party, target.gender, ref.possessive, ref.role ? 'role' : 'pronoun', sentence));
  }
  return { mentions, newPeople };
}

/**
 * The word after whitespace at `from`, read before `limit`: what `body.slice(from, limit).match(/^\s+([\p{L}-]+)/u)`
 * captures, or null; scanned in place (this runs for most mentions, several times each).
 */
function wordAfterSpace(body: string, from: number, limit: number): string | null {
  const end = Math.min(body.length, limit);
  let i = from;
  while (i < end && isSpace(body.charCodeAt(i))) i++;
  if (i === from) return null;
  const start = i;
  while (i < end) {
    if (body.charCodeAt(i) === 45) { // -
      i++;
      continue;
    }
    const n = letterLength(body, i);
    if (!n || i + n > end) break; // (a surrogate pair cut by the limit is not a letter of the slice)
    i += n;
  }
  return i > start ? body.slice(start, i) : null;
}

/** "U.S. proposal", "Kremlin spokesperson Dmitry Peskov": a name used as a modifier, not a subject. */
export function isAttributive(body: string, m: Mention): boolean {
  if (m.kind === 'person' || m.kind === 'group' || m.via !== 'name') return false;
  const next = wordAfterSpace(body, m.end, m.end + 30);
  if (next === null) return false;
  const word = toLower(next);
  if (GAP_WORDS.has(word) || SPEECH_VERBS.has(word) || STANCE_VERBS.has(word)) return false;
  if (/^(and|or|but|of|to|for|with|from|into|as|that|which|who)$/.test(word)) return false;
  return true;
}

function resolvePronoun(mentions: Mention[], subjects: Set<Mention>, sentence: number, gender: 'm' | 'f' | undefined): Mention | null {
  // Prefer the most recent subject within the last three sentences: "Witkoff … met Putin. He said" → Witkoff.
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m.sentence < sentence - 3) break;
    if (subjects.has(m) && compatible(m, gender)) return m;
  }
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m.sentence < sentence - 3) break;
    if (compatible(m, gender)) return m;
  }
  return null;
}

// Helpers at module level, not closures: tsx (esbuild keepNames) names each closure as it is created.
function compatible(m: Mention, gender: 'm' | 'f' | undefined): boolean {
  return m.kind === 'person' && (!gender || !m.gender || m.gender === gender);
}

function resolveRole(mentions: Mention[], role: string, party: string | null, index: GazetteerIndex, newPeople: NewPerson[]): Mention | null {
  for (let i = mentions.length - 1; i >= 0; i--) if (fitsRole(mentions[i], role, party, index, newPeople)) return mentions[i];
  return null;
}

function fitsRole(m: Mention, role: string, party: string | null, index: GazetteerIndex, newPeople: NewPerson[]): boolean {
  if (m.kind !== 'person') return false;
  if (party && m.party !== party) return false;
  const roles = index.actors.get(m.name)?.roles ?? newPeople.find((p) => p.name === m.name)?.roles ?? [];
  if (role === 'leader') return roles.some((r) => /leader|president|prime minister|chancellor|premier/.test(r));
  if (role === 'aide') return roles.some((r) => /aide|adviser|advisor|spokes/.test(r));
  return roles.some((r) => r === role || r.endsWith(` ${role}`) || (role === 'envoy' && r.includes('envoy')));
}
