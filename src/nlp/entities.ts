import type { Gazetteer, GazetteerActor, Mention, Sentence, ActorKind } from './types.ts';
import { charBefore, charBeforeTest, type CharBeforeTest } from './chars.ts';
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
  /** "European and Ukrainian" before a group noun ("officials"), anchored at the end */
  groupOwnerRe: RegExp;
  /** "the Russian leader", "the envoy" */
  roleRe: RegExp;
  ministryRe: RegExp;
}

const NOT_AFTER_NAME = charBeforeTest(/[\p{L}\p{N}.]/u);
const NOT_AFTER_WORD = charBeforeTest(/\p{L}/u);

/**
 * `re.exec(text)` for a pattern that must not start right after a character `notAfter` matches: the
 * same matches as a leading lookbehind, which irregexp tests at every position of the text before
 * trying the alternatives (3–4× slower on these long name lists).
 */
function execNotAfter(re: RegExp, text: string, notAfter: CharBeforeTest, startsWith?: RegExp): RegExpExecArray | null {
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // `startsWith` narrows a broad first character class the same way (irregexp finds candidates for
    // [A-Z\u00C0-…] quickly, for \p{Lu} slowly).
    if (!notAfter(text, m.index) && (!startsWith || startsWith.test(m[0]))) return m;
    re.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
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
    index.groupOwnerRe.lastIndex = 0;
    const owner = execNotAfter(index.groupOwnerRe, body.slice(windowStart, m.index), NOT_AFTER_WORD);
    if (!owner) continue;
    // The window's start is not a word boundary unless it is the text's or the previous group's end.
    const start = windowStart + owner.index;
    if (owner.index === 0 && windowStart > from && NOT_AFTER_WORD(body, start)) continue;
    const end = m.index + m[0].length;
    yield { start, end, owner: owner[1], noun: m[1] };
    from = end;
  }
}

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
  const groupOwnerRe = new RegExp(`((?:${demonymRe}|[\\p{Lu}][\\p{L}]+)(?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+)(?:${demonymRe}))*)\\s+$`, 'gu');
  // "Ukraine’s foreign ministry", "the Russian defence ministry": a state speaking through an institution.
  const ministryRe = new RegExp(
    `(${demonymRe})(?:[’']s)?\\s+(?:(?:foreign|defen[cs]e|interior|finance|economy|emergencies)\\s+)?(ministry|government|presidency|embassy|general staff|parliament|foreign office)(?![\\p{L}])`,
    'gu',
  );
  const roleRe = new RegExp(`(?:the|The)\\s+(?:(?:former|top|senior|chief|deputy|new|veteran|retired)\\s+)?(?:(${demonymRe})\\s+)?(${ROLE_NOUNS})(?![\\p{L}])([’']s)?`, 'gu');
  return { source: g, actors, aliasToActor, aliasRe, demonyms, demonymRe, groupOwnerRe, ministryRe, roleRe };
}

export interface NewPerson {
  name: string;
  party: string | null;
  roles: string[];
}

const SPEECH_ALT = [...SPEECH_VERBS].join('|');

function plausibleName(name: string, index: GazetteerIndex): boolean {
  if (/[’']s\b/.test(name)) return false;
  const tokens = name.split(' ');
  if (tokens.length < 2) return false;
  if (tokens.some((t) => NOT_NAME_WORDS.has(t))) return false;
  if (tokens.some((t) => index.aliasToActor.has(t) || index.demonyms.has(t.toLowerCase()))) return false;
  if (index.aliasToActor.has(name)) return false;
  if (TITLE_WORDS.includes(tokens[0].toLowerCase())) return false;
  return true;
}

/** Party named near a new person: "Ukraine's Foreign Minister X", "X, Poland's prime minister,". */
function partyNear(text: string, index: GazetteerIndex, nearest: 'first' | 'last'): string | null {
  const re = new RegExp(`(?<![\\p{L}])(${index.demonymRe})(?![\\p{L}])`, 'gu');
  let found: string | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    found = index.demonyms.get(m[1].toLowerCase()) ?? found;
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
/** A run of capitalised words on one line: a name, possibly behind its title ("Foreign Minister Andrii Sybiha"). */
const CAP_RUN = /[A-Z\u00C0-\u{10FFFF}][\p{L}’'.-]*(?:[ ](?:\p{Lu}[\p{L}’'.-]*|von|van|de|der|al|bin|da|of))*/gu;
/** What may not come right before a capitalised run (it would be inside a word or an abbreviation). */
const NOT_BEFORE_CAP_RUN = charBeforeTest(/[\p{L}\p{N}’'.-]/u);
const STARTS_UPPER = /^\p{Lu}/u;
const WHITESPACE = charBeforeTest(/\s/);
const TITLE_SET = new Set(TITLE_WORDS.map((t) => t.toLowerCase()));
const TITLE_LONGEST = Math.max(...TITLE_WORDS.map((t) => t.length));

/**
 * The title ending right before a name ("… Foreign Minister "), lower case: the leftmost text that is
 * a title, starts after a non-letter and is followed only by whitespace. A set lookup per candidate
 * start instead of a case-insensitive alternation of every title tried at each position.
 */
function titleBefore(before: string): string | null {
  let end = before.length;
  while (end > 0 && WHITESPACE(before, end)) end--;
  if (end === before.length || end === 0) return null;
  for (let p = Math.max(0, end - TITLE_LONGEST); p < end; p++) {
    if (NOT_AFTER_WORD(before, p)) continue;
    const candidate = before.slice(p, end).toLowerCase();
    if (TITLE_SET.has(candidate)) return candidate;
  }
  return null;
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
    if (!plausibleName(name, index)) return;
    const p = people.get(name) ?? { name, party: null, roles: [] };
    p.party ??= party;
    if (role && !p.roles.includes(role)) p.roles.push(role);
    people.set(name, p);
  };
  CAP_RUN.lastIndex = 0;
  for (let m = execNotAfter(CAP_RUN, body, NOT_BEFORE_CAP_RUN, STARTS_UPPER); m; m = execNotAfter(CAP_RUN, body, NOT_BEFORE_CAP_RUN, STARTS_UPPER)) {
    // A run can cross a full stop ("… in Istanbul. Critics said"): each sentence's part is its own run.
    for (const part of sentenceParts(m[0], m.index)) {
      const tokens = part.text.split(' ');
      // Leading title words, demonyms and owners ("Polish Prime Minister", "Ukraine's") are not the name.
      let lead = 0;
      let party: string | null = null;
      let owned = false; // "Hungary’s Viktor Orbán": a state's possessive before a full name names a person
      const titleWords: string[] = [];
      while (lead < tokens.length - 2 || (lead < tokens.length && tokens.length - lead > 4)) {
        const t = tokens[lead];
        const lower = t.toLowerCase();
        const owner = lower.replace(/[’']s$/, '');
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
        const line = body.slice(lineStart, lineEnd < 0 ? body.length : lineEnd);
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
    if (!SENTENCE_END_TOKEN.test(word) || TITLE_TOKENS.has(word.toLowerCase())) continue;
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
  const covered = new Uint8Array(body.length + 1);
  const cover = (r: { start: number; end: number }) => covered.fill(1, r.start, r.end);
  const isCovered = (r: { start: number; end: number }) => {
    for (let i = r.start; i < r.end; i++) if (covered[i]) return true;
    return false;
  };
  const raw: RawMention[] = [];
  const newPeople = findNewPeople(body, index);

  index.aliasRe.lastIndex = 0;
  for (let m = execNotAfter(index.aliasRe, body, NOT_AFTER_NAME); m; m = execNotAfter(index.aliasRe, body, NOT_AFTER_NAME)) {
    const actor = index.aliasToActor.get(m[1])!;
    raw.push({
      start: m.index,
      end: m.index + m[0].length,
      name: actor.name,
      kind: actor.kind,
      party: actor.party ?? (actor.kind === 'state' || actor.kind === 'bloc' ? actor.name : null),
      gender: actor.gender,
      possessive: Boolean(m[2]),
      via: 'name',
      roles: actor.roles ?? [],
    });
    cover(raw[raw.length - 1]);
  }
  // New people by full name or surname, in one pass: each form belongs to the first person it names.
  const personOf = new Map<string, NewPerson>();
  for (const p of newPeople) for (const form of [p.name, p.name.split(' ').pop()!]) if (!personOf.has(form)) personOf.set(form, p);
  if (personOf.size > 0) {
    const forms = [...personOf.keys()].sort((x, y) => y.length - x.length).map(escapeRe).join('|');
    const re = new RegExp(`(${forms})(?![\\p{L}])([’']s)?`, 'gu');
    for (let m = execNotAfter(re, body, NOT_AFTER_WORD); m; m = execNotAfter(re, body, NOT_AFTER_WORD)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (isCovered(span)) continue;
      cover(span);
      const p = personOf.get(m[1])!;
      raw.push({ ...span, name: p.name, kind: 'person', party: p.party, possessive: Boolean(m[2]), via: 'name', roles: p.roles });
    }
  }
  // Groups: "European and Ukrainian officials", "NATO officials", "Trump officials".
  for (const g of findGroups(body, index)) {
    if (!GROUP_NOUNS.test(g.noun)) continue;
    const parties = new Set<string>();
    for (const part of g.owner.split(/,\s*|\s+and\s+|\s+or\s+/)) {
      const party = index.demonyms.get(part.toLowerCase()) ?? index.aliasToActor.get(part)?.party ?? null;
      if (party) parties.add(party);
    }
    if (parties.size === 0) continue;
    const span = { start: g.start, end: g.end };
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].start >= span.start && raw[i].end <= span.end) raw.splice(i, 1);
    for (const party of parties) {
      raw.push({ ...span, name: party, kind: 'group', party, possessive: false, via: 'group', roles: [] });
    }
  }
  index.ministryRe.lastIndex = 0;
  for (let m = execNotAfter(index.ministryRe, body, NOT_AFTER_WORD); m; m = execNotAfter(index.ministryRe, body, NOT_AFTER_WORD)) {
    const party = index.demonyms.get(m[1].toLowerCase());
    if (!party) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].start >= span.start && raw[i].end <= span.end) raw.splice(i, 1);
    raw.push({ ...span, name: party, kind: 'group', party, possessive: false, via: 'group', roles: [] });
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);

  // Pronouns and role nouns, resolved in text order against what came before.
  const refs: { start: number; end: number; pronoun?: 'm' | 'f' | undefined; role?: string; party?: string | null; possessive: boolean }[] = [];
  const pronRe = /([Hh]e|[Ss]he)(?![\p{L}’'])/gu;
  for (let m = execNotAfter(pronRe, body, NOT_AFTER_WORD); m; m = execNotAfter(pronRe, body, NOT_AFTER_WORD)) {
    if (quoted(m.index)) continue;
    refs.push({ start: m.index, end: m.index + m[0].length, pronoun: SUBJECT_PRONOUNS.get(m[1].toLowerCase()), possessive: false });
  }
  const roleRe = index.roleRe;
  roleRe.lastIndex = 0;
  for (let m = execNotAfter(roleRe, body, NOT_AFTER_WORD); m; m = execNotAfter(roleRe, body, NOT_AFTER_WORD)) {
    const after = body.slice(m.index + m[0].length, m.index + m[0].length + 40);
    // "the envoy Steve Witkoff" is a title, not a reference.
    if (/^\s+\p{Lu}\p{Ll}/u.test(after) && !/^\s+(?:said|told|added|has|had|was|is|says)\b/.test(after)) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    if (isCovered(span)) continue;
    refs.push({ ...span, role: m[2].toLowerCase(), party: m[1] ? index.demonyms.get(m[1].toLowerCase()) ?? null : null, possessive: Boolean(m[3]) });
  }
  refs.sort((a, b) => a.start - b.start);

  const mentions: Mention[] = [];
  const narrative: Mention[] = []; // mentions outside quotations: the only antecedents for pronouns
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
      pushMention({
        start: r.start, end: r.end, name: r.name, kind: r.kind, party: r.party, gender: r.gender,
        possessive: r.possessive, via: r.via, sentence: sentenceAt(sentences, r.start),
      });
      continue;
    }
    const ref = refs[ri++];
    const sentence = sentenceAt(sentences, ref.start);
    const target = ref.pronoun !== undefined || ref.role === undefined
      ? resolvePronoun(narrative, subjects, sentence, ref.pronoun)
      : resolveRole(mentions, ref.role, ref.party ?? null, index, newPeople);
    if (!target) continue;
    pushMention({
      start: ref.start, end: ref.end, name: target.name, kind: target.kind, party: target.party, gender: target.gender,
      possessive: ref.possessive, via: ref.role ? 'role' : 'pronoun', sentence,
    });
  }
  return { mentions, newPeople };
}

/** "U.S. proposal", "Kremlin spokesperson Dmitry Peskov": a name used as a modifier, not a subject. */
export function isAttributive(body: string, m: Mention): boolean {
  if (m.kind === 'person' || m.kind === 'group' || m.via !== 'name') return false;
  const next = body.slice(m.end, m.end + 30).match(/^\s+([\p{L}-]+)/u);
  if (!next) return false;
  const word = next[1].toLowerCase();
  if (GAP_WORDS.has(word) || SPEECH_VERBS.has(word) || STANCE_VERBS.has(word)) return false;
  if (/^(and|or|but|of|to|for|with|from|into|as|that|which|who)$/.test(word)) return false;
  return true;
}

function resolvePronoun(mentions: Mention[], subjects: Set<Mention>, sentence: number, gender: 'm' | 'f' | undefined): Mention | null {
  const compatible = (m: Mention) => m.kind === 'person' && (!gender || !m.gender || m.gender === gender);
  // Prefer the most recent subject within the last three sentences: "Witkoff … met Putin. He said" → Witkoff.
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m.sentence < sentence - 3) break;
    if (subjects.has(m) && compatible(m)) return m;
  }
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m.sentence < sentence - 3) break;
    if (compatible(m)) return m;
  }
  return null;
}

function resolveRole(mentions: Mention[], role: string, party: string | null, index: GazetteerIndex, newPeople: NewPerson[]): Mention | null {
  const rolesOf = (name: string) => index.actors.get(name)?.roles ?? newPeople.find((p) => p.name === name)?.roles ?? [];
  const fits = (m: Mention) => {
    if (m.kind !== 'person') return false;
    if (party && m.party !== party) return false;
    const roles = rolesOf(m.name);
    if (role === 'leader') return roles.some((r) => /leader|president|prime minister|chancellor|premier/.test(r));
    if (role === 'aide') return roles.some((r) => /aide|adviser|advisor|spokes/.test(r));
    return roles.some((r) => r === role || r.endsWith(` ${role}`) || (role === 'envoy' && r.includes('envoy')));
  };
  for (let i = mentions.length - 1; i >= 0; i--) if (fits(mentions[i])) return mentions[i];
  return null;
}
