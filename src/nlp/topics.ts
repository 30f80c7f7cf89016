import type { Topic } from './types.ts';

/**
 * The topic taxonomy, most specific first. A clause gets the topic whose keywords weigh most (count ×
 * weight); ties go to the more specific topic (earlier in this list). "negotiations" is the catch-all.
 */
export const TOPIC_RULES: { topic: Topic; re: RegExp }[] = [
  { topic: 'security guarantees', re: /\bsecurity (?:guarantees?|protocols?|arrangements?|assurances?)|\bbackstop|\bcoalition of the willing|\breassurance force|\bpeacekeep\w*|\bmultinational force|\bguarantees?\b/gi },
  { topic: 'nato', re: /\bNATO\b|\bNorth Atlantic\b|\bArticle 5\b|\balliance\b|\bmembership\b/gi },
  { topic: 'ceasefire', re: /\bcease-?fires?\b|\btruces?\b|\bcease hostilities\b|\barmistice\b|\bhalt (?:to )?(?:the )?(?:fighting|strikes|attacks)\b|\bstop (?:the )?fighting\b|\bcessation of\b|\bpause\b|\bfreez\w+ (?:the )?(?:conflict|front|war|fighting)\b|\bmoratorium\b|\bstop (?:striking|strikes|attacks)\b|\bshooting stops\b/gi },
  { topic: 'prisoners', re: /\bprisoners?\b|\bPOWs?\b|\bcaptives?\b|\bdetainees?\b|\bswap\b|\bexchanges? of\b|\bdeported children\b/gi },
  { topic: 'sanctions', re: /\bsanctions?\b|\bembargo\w*|\b(?:frozen|immobili[sz]ed) (?:\w+ )*?assets\b|\basset freeze\b|\btariffs?\b/gi },
  { topic: 'military aid', re: /\bmilitary (?:aid|support|assistance)\b|\bweapons?\b|\bmissiles?\b|\barms\b|\bammunition\b|\bair defen[cs]e\b|\bPatriot\b|\bTomahawk\w*|\bcontinued assistance\b|\bmilitary help\b|\barming\b|\bweapons deliveries\b/gi },
  { topic: 'energy', re: /\benergy\b|\bgas\b|\boil\b|\bnuclear (?:power )?plant\b|\bpower (?:grid|plants?|stations?)\b|\belectricity\b|\bpipelines?\b|\bheat(?:ing)?\b/gi },
  { topic: 'troops', re: /\btroops?\b|\barmed forces\b|\barmy\b|\bsoldiers?\b|\b(?:ground|military|Ukrainian|Russian|foreign|Western|European|peacekeeping|reassurance|its|their|his) forces?\b|\bcontingents?\b|\bmilitary(?:'s|’s)? size\b|\bdismantling of\b|\bdemilitari\w+|\bcap\b/gi },
  { topic: 'territory', re: /\bterritor(?:y|ies|ial)\b|\bland\b|\bregions?\b|\boblasts?\b|\bDonbas\b|\bDonetsk\b|\bLuhansk\b|\bKherson\b|\bZaporizhzhia\b|\bCrimea\b|\bannex\w*|\bcede\b|\bconcede land\b|\boccupied\b|\b(?:cities|towns|villages)\b|\bborders?\b|\bfront ?lines?\b|\bline of contact\b|\bsovereignty\b|\bwithdr[ae]w\w*/gi },
  { topic: 'peace plan', re: /\b\d+-point\b|\bpeace (?:plan|proposal|framework|formula|deal|agreement|settlement)s?\b|\bplan\b|\bproposals?\b|\bframework\b|\bdraft\w*\b|\bpoints?\b/gi },
  { topic: 'economy', re: /\becon\w+|\breconstruction\b|\bcommercial\b|\btrade\b|\bfunding\b|\binvestment\w*|\bsovereign wealth\b|\bspending\b|\bmoney\b|\bbusiness\b|\bbillions?\b|\bbudget\b/gi },
  { topic: 'negotiations', re: /\btalks?\b|\bnegotiat\w+|\bdiplomac\w+|\bdiplomatic\b|\bdeal\b|\bmeetings?\b|\bsummit\b|\bsettlement\b|\bpeace\b|\bdialogue\b|\bend (?:the|this) (?:war|conflict)\b|\bresolution\b|\bcompromise\b/gi },
];

/** Specific topics outweigh the general ones they co-occur with ("peace talks" vs "military support"). */
const WEIGHT: Record<Topic, number> = {
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

function scoreTopics(text: string): Topic | null {
  let best: Topic | null = null;
  let bestCount = 0;
  for (const { topic, re } of TOPIC_RULES) {
    const count = (text.match(re)?.length ?? 0) * WEIGHT[topic];
    if (count > bestCount) {
      best = topic;
      bestCount = count;
    }
  }
  return best;
}
