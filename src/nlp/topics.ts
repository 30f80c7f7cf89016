import type { Topic } from './types.ts';

/**
 * The topic taxonomy, most specific first. A clause gets the topic whose keywords weigh most (count ×
 * weight); ties go to the more specific topic (earlier in this list). "negotiations" is the catch-all.
 *
 * `cues`: lower-case word starts, one of which begins every match of `re` (every alternative of `re`
 * starts with \b and a literal, or a digit for "28-point"). A text with none of a rule's cues cannot
 * match it, so the regex is skipped, and no match starts before the first cue, so the regex starts
 * there. `cueInside`: a match may start a word or two before its cue ("reassurance forces"), so
 * only the first of these holds. Keep the cues in step when editing a pattern.
 */
export const TOPIC_RULES: { topic: Topic; cues: string; cueInside?: true; re: RegExp }[] = [
  { topic: 'security guarantees', cues: 'security backstop coalition reassurance peacekeep multinational guarantee', re: /\bsecurity (?:guarantees?|protocols?|arrangements?|assurances?)|\bbackstop|\bcoalition of the willing|\breassurance force|\bpeacekeep\w*|\bmultinational force|\bguarantees?\b/gi },
  { topic: 'nato', cues: 'nato north article alliance membership', re: /\bNATO\b|\bNorth Atlantic\b|\bArticle 5\b|\balliance\b|\bmembership\b/gi },
  { topic: 'ceasefire', cues: 'cease truce armistice halt stop cessation pause freez moratorium shooting', re: /\bcease-?fires?\b|\btruces?\b|\bcease hostilities\b|\barmistice\b|\bhalt (?:to )?(?:the )?(?:fighting|strikes|attacks)\b|\bstop (?:the )?fighting\b|\bcessation of\b|\bpause\b|\bfreez\w+ (?:the )?(?:conflict|front|war|fighting)\b|\bmoratorium\b|\bstop (?:striking|strikes|attacks)\b|\bshooting stops\b/gi },
  { topic: 'prisoners', cues: 'prisoner pow captive detainee swap exchange deported', re: /\bprisoners?\b|\bPOWs?\b|\bcaptives?\b|\bdetainees?\b|\bswap\b|\bexchanges? of\b|\bdeported children\b/gi },
  { topic: 'sanctions', cues: 'sanction embargo frozen immobili asset tariff', re: /\bsanctions?\b|\bembargo\w*|\b(?:frozen|immobili[sz]ed) (?:\w+ )*?assets\b|\basset freeze\b|\btariffs?\b/gi },
  { topic: 'military aid', cues: 'military weapon missile arms ammunition air patriot tomahawk continued arming', re: /\bmilitary (?:aid|support|assistance)\b|\bweapons?\b|\bmissiles?\b|\barms\b|\bammunition\b|\bair defen[cs]e\b|\bPatriot\b|\bTomahawk\w*|\bcontinued assistance\b|\bmilitary help\b|\barming\b|\bweapons deliveries\b/gi },
  { topic: 'energy', cues: 'energy gas oil nuclear power electricity pipeline heat', re: /\benergy\b|\bgas\b|\boil\b|\bnuclear (?:power )?plant\b|\bpower (?:grid|plants?|stations?)\b|\belectricity\b|\bpipelines?\b|\bheat(?:ing)?\b/gi },
  { topic: 'troops', cues: 'troop armed army soldier force contingent military dismantling demilitari cap', cueInside: true, re: /\btroops?\b|\barmed forces\b|\barmy\b|\bsoldiers?\b|\b(?:ground|military|Ukrainian|Russian|foreign|Western|European|peacekeeping|reassurance|its|their|his) forces?\b|\bcontingents?\b|\bmilitary(?:'s|’s)? size\b|\bdismantling of\b|\bdemilitari\w+|\bcap\b/gi },
  { topic: 'territory', cues: 'territor land region oblast donbas donetsk luhansk kherson zaporizhzhia crimea annex cede concede occupied cities towns villages border front line sovereignty withdr', re: /\bterritor(?:y|ies|ial)\b|\bland\b|\bregions?\b|\boblasts?\b|\bDonbas\b|\bDonetsk\b|\bLuhansk\b|\bKherson\b|\bZaporizhzhia\b|\bCrimea\b|\bannex\w*|\bcede\b|\bconcede land\b|\boccupied\b|\b(?:cities|towns|villages)\b|\bborders?\b|\bfront ?lines?\b|\bline of contact\b|\bsovereignty\b|\bwithdr[ae]w\w*/gi },
  { topic: 'peace plan', cues: '0 1 2 3 4 5 6 7 8 9 peace plan proposal framework draft point', re: /\b\d+-point\b|\bpeace (?:plan|proposal|framework|formula|deal|agreement|settlement)s?\b|\bplan\b|\bproposals?\b|\bframework\b|\bdraft\w*\b|\bpoints?\b/gi },
  { topic: 'economy', cues: 'econ reconstruction commercial trade funding investment sovereign spending money business billion budget', re: /\becon\w+|\breconstruction\b|\bcommercial\b|\btrade\b|\bfunding\b|\binvestment\w*|\bsovereign wealth\b|\bspending\b|\bmoney\b|\bbusiness\b|\bbillions?\b|\bbudget\b/gi },
  { topic: 'negotiations', cues: 'talk negotiat diplomac diplomat deal meeting summit settlement peace dialogue end resolution compromise', re: /\btalks?\b|\bnegotiat\w+|\bdiplomac\w+|\bdiplomatic\b|\bdeal\b|\bmeetings?\b|\bsummit\b|\bsettlement\b|\bpeace\b|\bdialogue\b|\bend (?:the|this) (?:war|conflict)\b|\bresolution\b|\bcompromise\b/gi },
];

/** Specific topics outweigh the general ones they co-occur with ("peace talks" vs "military support"). */
export const WEIGHT: Record<Topic, number> = {
  'security guarantees': 2, nato: 1.5, ceasefire: 1.5, prisoners: 2, sanctions: 2, 'military aid': 2, energy: 1.5,
  troops: 1.2, territory: 1.2, 'peace plan': 1, economy: 0.8, negotiations: 0.5,
};

/**
 * Topics already computed for texts of the article being extracted: a sentence is tagged again for
 * each record it holds (12 patterns, ~5 µs a time). Cleared per article by `clearTopicMemo`, so it
 * stays small and the cost of one article never depends on the ones before it.
 */
const memo = new Map<string, Topic | null>();

export function clearTopicMemo(): void {
  memo.clear();
}

export function tagTopic(text: string): Topic | null {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const topic = scoreTopics(text);
  if (memo.size < 1_000) memo.set(text, topic);
  return topic;
}

/** ASCII word characters, numbered 1–63 (0: not one): what \b without the u flag separates words by. Letters fold to lower case. */
const WORD_CODE = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CODE[c] = c - 47; // digits 1–10
for (let c = 97; c <= 122; c++) WORD_CODE[c] = WORD_CODE[c - 32] = c - 86; // letters 11–36
WORD_CODE[95] = 37; // _
const ALPHABET = 38;

/**
 * A trie of every rule's cues, flat for speed: node n's child for word character k is
 * `CUE_NEXT[n * ALPHABET + k]` (0: none), and `CUE_RULES[n]` marks the rules whose cue ends at n.
 */
const CUE_NEXT: number[] = new Array(ALPHABET).fill(0);
const CUE_RULES: number[] = [0];
TOPIC_RULES.forEach(({ cues }, i) => {
  for (const cue of cues.split(' ')) {
    let node = 0;
    for (let k = 0; k < cue.length; k++) {
      const slot = node * ALPHABET + WORD_CODE[cue.charCodeAt(k)];
      if (!CUE_NEXT[slot]) {
        CUE_NEXT[slot] = CUE_RULES.length;
        CUE_RULES.push(0);
        CUE_NEXT.push(...new Array(ALPHABET).fill(0));
      }
      node = CUE_NEXT[slot];
    }
    CUE_RULES[node] |= 1 << i;
  }
});
const NEXT = Int32Array.from(CUE_NEXT);
const RULES = Int32Array.from(CUE_RULES);

/** Where each rule's first cue starts in the text last given to `cuedRules`. */
const FIRST_CUE = new Int32Array(TOPIC_RULES.length);

/**
 * The rules whose cue starts some word of the text, as a bit set (and where each first does, in
 * FIRST_CUE). The patterns are case-insensitive without the u flag, so only ASCII letters match
 * their letters: folding ASCII is enough.
 */
function cuedRules(text: string): number {
  let found = 0;
  let node = -1; // -1: between words; 0: in a word no cue continues
  let wordStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? WORD_CODE[c] : 0;
    if (!k) node = -1;
    else if (node !== 0) {
      if (node < 0) (node = 0), (wordStart = i);
      node = NEXT[node * ALPHABET + k];
      let fresh = RULES[node] & ~found;
      for (let r = 0; fresh; r++, fresh >>= 1) if (fresh & 1) FIRST_CUE[r] = wordStart;
      found |= RULES[node];
    }
  }
  return found;
}

/**
 * Matches of a global pattern in text from `from` on: `text.slice(from).match(re)?.length ?? 0` when
 * `from` starts a word (so \b holds there in both), without the slice and the array of matches.
 * (No topic pattern matches the empty string.)
 */
function countMatches(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  let n = 0;
  while (re.test(text)) n++;
  return n;
}

function scoreTopics(text: string): Topic | null {
  let best: Topic | null = null;
  let bestCount = 0;
  const cued = cuedRules(text);
  for (let i = 0; i < TOPIC_RULES.length; i++) {
    if (!(cued & (1 << i))) continue;
    const { topic, re, cueInside } = TOPIC_RULES[i];
    // No match starts before the rule's first cue, which starts a word: \b holds there in the slice too.
    const count = countMatches(re, text, cueInside ? 0 : FIRST_CUE[i]) * WEIGHT[topic];
    if (count > bestCount) {
      best = topic;
      bestCount = count;
    }
  }
  return best;
}
