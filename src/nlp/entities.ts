import type { Gazetteer, GazetteerActor, Mention, Sentence, ActorKind } from './types.ts';
import { GAP_WORDS, GROUP_NOUNS, NOT_NAME_WORDS, SPEECH_VERBS, STANCE_VERBS, SUBJECT_PRONOUNS, TITLE_WORDS } from './lexicon.ts';

export interface GazetteerIndex {
  actors: Map<string, GazetteerActor>;
  aliasToActor: Map<string, GazetteerActor>;
  aliasRe: RegExp;
  /** demonym or party alias (lowercased) → party name: "russian" → Russia, "alliance" → NATO */
  demonyms: Map<string, string>;
  demonymRe: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
    if (a.kind === 'state' || a.kind === 'bloc') {
      for (const d of a.demonyms ?? []) demonymForms.add(d), demonyms.set(d.toLowerCase(), a.name);
      for (const alias of a.aliases) if (!/^the /i.test(alias)) demonymForms.add(alias), demonyms.set(alias.toLowerCase(), a.name);
    }
  }
  const aliases = [...aliasToActor.keys()].sort((x, y) => y.length - x.length).map(escapeRe);
  // Case-sensitive: "US" the country, not "us" the pronoun.
  const aliasRe = new RegExp(`(?<![\\p{L}\\p{N}.])(?:(?:the|The)\\s+)?(${aliases.join('|')})(?![\\p{L}\\p{N}]|-(?!\\p{L}))([’']s)?`, 'gu');
  const demonymRe = [...demonymForms].sort((x, y) => y.length - x.length).map(escapeRe).join('|');
  return { actors, aliasToActor, aliasRe, demonyms, demonymRe };
}

export interface NewPerson {
  name: string;
  party: string | null;
  roles: string[];
}

const NAME_TOKEN = `\\p{Lu}[\\p{Ll}’'\\-]+`;
const NAME = `${NAME_TOKEN}(?:[ ](?:\\p{Lu}\\.|${NAME_TOKEN}|von|van|de|der|al|bin|da)){1,3}`;
// Titles match capitalised or not ("Foreign Minister", "foreign minister") without making the name part case-blind.
const caseBlind = (w: string) => escapeRe(w).replace(/\p{L}/gu, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`));
const TITLE_ALT = TITLE_WORDS.slice().sort((a, b) => b.length - a.length).map(caseBlind).join('|');
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

/**
 * People the gazetteer does not know, found by how news writes about people: a title before the
 * name, an appositive with a title after it, or a speech verb next to it.
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
  const lines = body.split('\n');
  for (const line of lines) {
    // Title before: "Foreign Minister Andrii Sybiha", "Poland's prime minister Donald Tusk"
    const titled = new RegExp(`(?<![\\p{L}])(${TITLE_ALT})\\s+(${NAME})`, 'gu');
    for (let m = titled.exec(line); m; m = titled.exec(line)) {
      const before = line.slice(Math.max(0, m.index - 40), m.index);
      let party = partyNear(before + m[1], index, 'last');
      // "Ukraine will not withdraw …, Foreign Minister Andrii Sybiha said": a government title speaks for the state in its sentence.
      if (!party && GOVERNMENT_TITLE.test(m[1].toLowerCase())) party = partyNear(sentenceAround(line, m.index), index, 'first');
      add(trimName(m[2]), party, m[1].toLowerCase());
    }
    // Appositive after: "Andrii Sybiha, Ukraine's foreign minister,"
    const appos = new RegExp(`(${NAME}),\\s+([^,.;“”"]{0,60}?(?<![\\p{L}])(${TITLE_ALT})(?![\\p{L}])[^,.;“”"]{0,30})[,.]`, 'gu');
    for (let m = appos.exec(line); m; m = appos.exec(line)) add(trimName(m[1]), partyNear(m[2], index, 'first'), m[3].toLowerCase());
    // Speech verb next to it: "Donald Tusk told reporters", "…," said Kaja Kallas.
    const subj = new RegExp(`(${NAME})\\s+(?:\\p{Ll}+ly\\s+)?(?:${SPEECH_ALT})(?![\\p{L}])`, 'gu');
    for (let m = subj.exec(line); m; m = subj.exec(line)) add(trimName(m[1]), null, null);
    const inverted = new RegExp(`[,”"]\\s*(?:said|says|added|asked|wrote)\\s+(${NAME})\\s*[,.]`, 'gu');
    for (let m = inverted.exec(line); m; m = inverted.exec(line)) add(trimName(m[1]), null, null);
  }
  return [...people.values()];
}

/** The sentence of a line around an offset (roughly: between sentence stops). */
function sentenceAround(line: string, at: number): string {
  const start = Math.max(0, line.lastIndexOf('. ', at) + 1);
  const stop = line.indexOf('. ', at);
  return line.slice(start, stop < 0 ? line.length : stop);
}

function trimName(name: string): string {
  // "Andrii Sybiha Said" never happens, but a trailing capitalised verb or weekday must not join the name.
  const tokens = name.split(' ');
  while (tokens.length > 2 && NOT_NAME_WORDS.has(tokens[tokens.length - 1])) tokens.pop();
  return tokens.join(' ');
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

const ROLE_NOUNS =
  'special envoy|envoy|president|leader|prime minister|foreign minister|minister|spokesman|spokeswoman|spokesperson|chancellor|secretary of state|secretary|negotiator|diplomat|premier|commissioner|ambassador|adviser|advisor|general|chief';

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

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Every reference to an actor, in text order: gazetteer names, new people (and their surnames),
 * groups ("Ukrainian officials"), and pronouns and role nouns resolved to the person they mean.
 */
export function findMentions(body: string, sentences: Sentence[], index: GazetteerIndex, quoteSpans: { start: number; end: number }[] = []): MentionResult {
  const quoted = (pos: number) => quoteSpans.some((q) => pos > q.start && pos < q.end);
  const raw: RawMention[] = [];
  const newPeople = findNewPeople(body, index);

  for (let m = index.aliasRe.exec(body); m; m = index.aliasRe.exec(body)) {
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
  }
  for (const p of newPeople) {
    const surname = p.name.split(' ').pop()!;
    const forms = [p.name, surname].map(escapeRe).join('|');
    const re = new RegExp(`(?<![\\p{L}])(${forms})(?![\\p{L}])([’']s)?`, 'gu');
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (raw.some((r) => overlaps(r, span))) continue;
      raw.push({ ...span, name: p.name, kind: 'person', party: p.party, possessive: Boolean(m[2]), via: 'name', roles: p.roles });
    }
  }
  // Groups: "European and Ukrainian officials", "NATO officials", "Trump officials".
  const groupRe = new RegExp(
    `(?<![\\p{L}])((?:${index.demonymRe}|[\\p{Lu}][\\p{L}]+)(?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+)(?:${index.demonymRe}))*)\\s+(officials|diplomats|leaders|negotiators|authorities|government|governments|capitals|allies|partners|delegation|envoys|ministers|lawmakers|side|leadership|representatives)(?![\\p{L}])`,
    'gu',
  );
  for (let m = groupRe.exec(body); m; m = groupRe.exec(body)) {
    if (!GROUP_NOUNS.test(m[2])) continue;
    const parties = new Set<string>();
    for (const part of m[1].split(/,\s*|\s+and\s+|\s+or\s+/)) {
      const party = index.demonyms.get(part.toLowerCase()) ?? index.aliasToActor.get(part)?.party ?? null;
      if (party) parties.add(party);
    }
    if (parties.size === 0) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].start >= span.start && raw[i].end <= span.end) raw.splice(i, 1);
    for (const party of parties) {
      raw.push({ ...span, name: party, kind: 'group', party, possessive: false, via: 'group', roles: [] });
    }
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);

  // Pronouns and role nouns, resolved in text order against what came before.
  const refs: { start: number; end: number; pronoun?: 'm' | 'f' | undefined; role?: string; party?: string | null; possessive: boolean }[] = [];
  const pronRe = /(?<![\p{L}])([Hh]e|[Ss]he)(?![\p{L}’'])/gu;
  for (let m = pronRe.exec(body); m; m = pronRe.exec(body)) {
    if (quoted(m.index)) continue;
    refs.push({ start: m.index, end: m.index + m[0].length, pronoun: SUBJECT_PRONOUNS.get(m[1].toLowerCase()), possessive: false });
  }
  const roleRe = new RegExp(`(?<![\\p{L}])(?:the|The)\\s+(?:(${index.demonymRe})\\s+)?(${ROLE_NOUNS})(?![\\p{L}])([’']s)?`, 'gu');
  for (let m = roleRe.exec(body); m; m = roleRe.exec(body)) {
    const after = body.slice(m.index + m[0].length, m.index + m[0].length + 40);
    // "the envoy Steve Witkoff" is a title, not a reference.
    if (/^\s+\p{Lu}\p{Ll}/u.test(after) && !/^\s+(?:said|told|added|has|had|was|is|says)\b/.test(after)) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    if (raw.some((r) => overlaps(r, span))) continue;
    refs.push({ ...span, role: m[2].toLowerCase(), party: m[1] ? index.demonyms.get(m[1].toLowerCase()) ?? null : null, possessive: Boolean(m[3]) });
  }
  refs.sort((a, b) => a.start - b.start);

  const mentions: Mention[] = [];
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
      ? resolvePronoun(mentions.filter((m) => !quoted(m.start)), subjects, sentence, ref.pronoun)
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
    return roles.some((r) => r === role || r.endsWith(` ${role}`) || (role === 'envoy' && r.includes('envoy')));
  };
  for (let i = mentions.length - 1; i >= 0; i--) if (fits(mentions[i])) return mentions[i];
  return null;
}
