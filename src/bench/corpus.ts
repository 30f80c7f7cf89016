/**
 * A deterministic synthetic news corpus for the benchmark. Sentences follow the shapes of the bundled
 * seed articles — quotations attributed before and after, reported speech, stated positions
 * ("Moscow has long insisted that …"), figures ("880,000 troops", "a 28-point plan") — with varied
 * speakers (the gazetteer's plus generated people with titles), parties, numbers, places and outlets,
 * about 5 KB per article, YAML front matter on top and some page chrome for the normaliser to strip.
 *
 * Article i depends only on (seed, i), so the first 1,000 articles of a 10,000-article corpus are the
 * 1,000-article corpus.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_SEEDS_DIR, loadGazetteer } from '../ingest/index.ts';
import type { GazetteerActor } from '../nlp/index.ts';
import { createRng, hashString, type Rng } from './random.ts';

export const DEFAULT_SEED = 20260122;
const GENERATED_PEOPLE = 20_000;

interface Person {
  name: string;
  surname: string;
  /** First mention: "Poland's Foreign Minister Tomasz Varenko", "Kremlin spokesperson Dmitry Peskov". */
  intro: string;
  /** Later mentions: the surname, or a known alias ("Witkov"). */
  short: string[];
  party: string;
  generated: boolean;
}

interface Party {
  name: string;
  /** As a subject: "Russia", "Moscow", "the Kremlin". */
  subjects: string[];
  demonym: string;
  possessive: string;
}

export interface Pools {
  people: Person[];
  gazetteerPeople: Person[];
  generatedPeople: Person[];
  parties: Party[];
  places: string[];
  villages: string[];
  outlets: { name: string; host: string }[];
  orgs: string[];
}

// ---------------------------------------------------------------------------------------------
// Word pools. General newsroom vocabulary; the generated names below add a long tail of terms.

const FIRST_NAMES = `Andriy Oleksandr Mykola Taras Iryna Olena Yulia Natalia Serhiy Bohdan Dmytro Petro Viktor Roman Kateryna
  Sofia Ivan Alexei Mikhail Nikolai Sergei Pavel Anatoly Yevgeny Grigory Tatiana Svetlana Irina Oksana Marta Tomasz Piotr
  Agnieszka Katarzyna Janusz Radoslaw Pierre Camille Julien Sophie Laurent Claire Hans Jurgen Annalena Matthias Katrin Ulrich
  James Thomas Robert Emily Sarah Michael Daniel Jennifer Laura Charles Oliver Harriet Giorgia Matteo Lorenzo Chiara Mehmet
  Ayse Ahmet Emre Zeynep Antti Sanna Mikko Liisa Gabor Zsolt Aleksandr Volha Faisal Khalid Adel Li Wang Chen`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = `ko va ren lin dar mir sko vich enko chuk yak ruk bor tan sel ver lam dor kin pol zar vet nik rov shev
  mak lis tor ban dim gal hor kov lev mor nar ost pav rad sok tul vol yar zub bre cha dyn fel gor isk jor kul`
  .split(/\s+/)
  .filter(Boolean);

const VILLAGE_ENDS = ['ivka', 'ove', 'ske', 'ivske', 'any', 'ynka', 'ivtsi', 'horod', 'pil', 'ytsia'];

const REAL_PLACES = `Kharkiv Odesa Dnipro Sumy Pokrovsk Kupiansk Kramatorsk Sloviansk Chernihiv Poltava Mykolaiv Zhytomyr
  Vinnytsia Lviv Uzhhorod Chernivtsi Bakhmut Avdiivka Toretsk Siversk Huliaipole Orikhiv Kostiantynivka Izium Lyman Vovchansk
  Kursk Belgorod Bryansk Rostov Sevastopol Mariupol Melitopol Berdiansk Enerhodar Nikopol Kremenchuk Bila Tserkva`
  .split(/\s+/)
  .filter(Boolean);

const OUTLET_A = `Baltic Danube Eastern Continental Northern Atlantic Carpathian Steppe Meridian Harbour Capital Frontier Union Daily Evening Morning`.split(' ');
const OUTLET_B = `Courier Ledger Observer Dispatch Herald Tribune Monitor Gazette Chronicle Review Wire Post Sentinel Bulletin Record Times`.split(' ');

const ORGS = `Institute for Strategic Studies|Centre for Eastern Policy|Kyiv School of Economics|Council on Security Affairs|
  Institute for the Study of War|Royal Institute of International Affairs|Carnegie Endowment|Danube Policy Forum|
  Baltic Defence College|European Council on Foreign Relations|Stockholm Peace Research Institute|Razumkov Centre`
  .split('|')
  .map((s) => s.trim());

const DONORS = ['The United States', 'Germany', 'The European Union', 'France', 'Britain', 'Poland', 'Italy', 'Finland', 'Japan', 'Canada', 'Norway', 'The Netherlands'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CITIES_TALKS = ['Geneva', 'Istanbul', 'Riyadh', 'Abu Dhabi', 'Davos', 'Vienna', 'Helsinki', 'Doha', 'Budapest', 'Rome', 'Oslo', 'Jeddah', 'Minsk', 'Florida'];

/** Gazetteer people as news introduces them the first time. */
const GAZETTEER_INTROS: Record<string, string[]> = {
  'Steve Witkoff': ['U.S. Special Envoy Steve Witkoff', 'White House envoy Steve Witkoff', 'Steve Witkoff'],
  'Donald Trump': ['President Donald Trump', 'U.S. President Donald Trump', 'Donald Trump'],
  'Marco Rubio': ['Secretary of State Marco Rubio', 'U.S. Secretary of State Marco Rubio', 'Marco Rubio'],
  'Vladimir Putin': ['Russian President Vladimir Putin', 'President Vladimir Putin', 'Vladimir Putin'],
  'Dmitry Peskov': ['Kremlin spokesperson Dmitry Peskov', 'spokesman Dmitry Peskov', 'Dmitry Peskov'],
  'Volodymyr Zelenskyy': ['Ukrainian President Volodymyr Zelenskyy', 'President Volodymyr Zelensky', 'Volodymyr Zelenskyy'],
};

const QUOTE_SUBJECTS = ['We', 'I', 'Our side', 'Nobody', 'The other side', 'Everyone at the table', 'Our partners', 'My team', 'The people of this country', 'Our negotiators'];
const QUOTE_MODALS = ['will not', 'cannot', 'are ready to', 'have to', 'must', 'will never', 'are prepared to', 'want to', 'should', 'would only', 'need to', 'intend to', 'refuse to', 'hope to'];
const QUOTE_VERBS = `compromise on|move forward on|sign anything about|walk away from|talk seriously about|rebuild trust around|give up on|
  make progress on|reach an understanding on|put pressure on|insist on|accept any deal on|discuss the details of|reopen the question of|
  close the gap on|work through|find a solution for|set a deadline for|draw a line under|take risks with|stay silent about|negotiate over|
  lift the pressure on|keep faith with|deliver results on|guarantee progress on|move quickly on|agree a timetable for|protect|defend`
  .split('|')
  .map((s) => s.trim());
const QUOTE_OBJECTS = `the security guarantees|the question of territory|the ceasefire line|sanctions relief|the peace framework|energy infrastructure|
  prisoner exchanges|the reconstruction fund|the nuclear plant|NATO membership|the future of Crimea|air defence deliveries|
  the frozen assets|the size of the army|the humanitarian corridor|the grain corridor|the demarcation line|the monitoring mission|
  the Black Sea truce|the occupied regions|the return of deported children|the summit agenda|the sovereign wealth fund|
  the economic partnership|the shipping lanes|the border crossings|the elections timetable|the donor conference|
  the minerals agreement|the power grid|the reparations claims|the troop ceiling|the buffer zone|the amnesty question`
  .split('|')
  .map((s) => s.trim());
const QUOTE_TAILS = `before the winter|without our partners|as long as the attacks continue|if both sides have the will|in the coming weeks|
  at any price|under these conditions|for the sake of our children|while our cities are being shelled|with the whole world watching|
  on paper alone|behind closed doors|step by step|this year|without real guarantees|before the next round|in good faith|
  the way they are asking|one more time|on their terms`
  .split('|')
  .map((s) => s.trim());
const QUOTE_EXTRAS = `There is a lot of detail to work through.|So much work remains.|Nobody should be under any illusion.|
  This is not a game.|We have said this many times.|The clock is ticking.|History will judge all of us.|That is our red line.|
  It is a complicated situation.|We are not naive.|The ball is in their court.|Time is not on anyone's side.|
  We have been very clear.|Trust has to be earned.|The next few days will be decisive.|Words are not enough.`
  .split('|')
  .map((s) => s.trim());

const STANCES: { clause: (c: Ctx, p: Party) => string }[] = [
  { clause: (c) => `Ukraine must relinquish claims to ${c.regions()}` },
  { clause: () => `Ukraine cannot join the North Atlantic Treaty Organization` },
  { clause: (c) => `any ceasefire must be preceded by the withdrawal of forces from ${c.region()}` },
  { clause: (c) => `sanctions must be lifted before any agreement is signed in ${c.rng.pick(CITIES_TALKS)}` },
  { clause: (c) => `foreign troops will never be deployed in ${c.place()}` },
  { clause: () => `security guarantees must be legally binding and backed by the United States` },
  { clause: (c) => `the ${c.rng.int(12, 32)}-point plan cannot be signed in its current form` },
  { clause: (c) => `prisoners of war should be exchanged on an all-for-all basis before ${c.month()}` },
  { clause: (c) => `the armed forces would not be reduced below ${c.big()} troops` },
  { clause: () => `frozen assets must be used to pay for reconstruction` },
  { clause: (c) => `it would only accept a truce covering the Black Sea if sanctions on ${c.rng.pick(['banks', 'fertiliser exports', 'grain exports', 'shipping'])} are lifted` },
  { clause: (c) => `a multinational force would have to be stationed near ${c.place()}` },
  { clause: (c) => `it will not recognise Russian control of ${c.region()}` },
  { clause: () => `energy infrastructure must be excluded from strikes during the talks` },
  { clause: (c) => `no peace deal is possible unless ${c.place()} is returned` },
  { clause: () => `NATO membership must remain on the table for Kyiv` },
];

const STANCE_LEADS: ((s: string) => string)[] = [
  (s) => `${s} has long insisted that`,
  (s) => `${s} continues to assert that`,
  (s) => `${s} has repeatedly demanded that`,
  (s) => `${s} maintained that`,
  (s) => `${s} has signalled that`,
  (s) => `${s} insisted on Tuesday that`,
  (s) => `${s} has warned that`,
];

const FILLER: ((c: Ctx) => string)[] = [
  (c) => `Residents of ${c.village()} reported ${c.rng.pick(['heavy', 'renewed', 'sporadic', 'intense', 'overnight'])} shelling near the ${c.rng.pick(['railway station', 'water plant', 'school', 'grain elevator', 'bridge', 'hospital', 'market'])} on ${c.day()}.`,
  (c) => `Analysts at the ${c.rng.pick(ORGS)} described the latest round of diplomacy as ${c.rng.pick(['cautiously encouraging', 'largely symbolic', 'a genuine shift', 'premature', 'fragile but real', 'more theatre than substance'])}.`,
  (c) => `The ${c.rng.pick(['talks', 'meeting', 'consultations', 'session', 'working group'])} in ${c.rng.pick(CITIES_TALKS)} lasted ${c.rng.pick(['almost five hours', 'late into the night', 'two days', 'less than an hour', 'most of the afternoon'])}, according to people familiar with the discussions.`,
  (c) => `Officials in ${c.place()} said power had been restored to most homes after a ${c.rng.pick(['drone', 'missile', 'glide bomb', 'artillery'])} attack damaged a substation.`,
  (c) => `Diplomats cautioned that the ${c.rng.pick(['framework', 'draft', 'memorandum', 'road map', 'joint statement'])} remained ${c.rng.pick(['vague on the hardest questions', 'open to interpretation', 'a work in progress', 'far from final', 'silent on enforcement'])}.`,
  (c) => `The front line near ${c.village()} has barely moved in ${c.rng.pick(['weeks', 'months', 'recent days'])}, while both armies dig in along the ${c.rng.pick(['river', 'ridge', 'highway', 'forest belt', 'reservoir'])}.`,
  (c) => `Markets in ${c.rng.pick(['Frankfurt', 'London', 'Warsaw', 'Moscow', 'New York'])} reacted ${c.rng.pick(['calmly', 'nervously', 'with relief', 'sharply'])} to reports of progress, with ${c.rng.pick(['gas', 'wheat', 'oil', 'bond'])} prices ${c.rng.pick(['falling', 'rising', 'swinging'])} during the session.`,
  (c) => `Critics warn that even a limited agreement may be far from simple, citing the ${c.rng.pick(['sequencing', 'verification', 'monitoring', 'enforcement'])} of any deal.`,
  (c) => `Volunteers from ${c.village()} have been ${c.rng.pick(['evacuating elderly residents', 'repairing roofs', 'distributing generators', 'clearing rubble', 'running field kitchens'])} since the ${c.rng.pick(['autumn', 'spring', 'summer', 'winter'])}.`,
  (c) => `A report by the ${c.rng.pick(ORGS)} found that the ${c.rng.pick(['humanitarian', 'economic', 'military', 'diplomatic'])} situation around ${c.place()} had ${c.rng.pick(['deteriorated', 'stabilised', 'improved slightly', 'worsened sharply'])}.`,
  (c) => `The coming weeks could prove pivotal as negotiators shuttle between ${c.rng.pick(CITIES_TALKS)} and ${c.rng.pick(CITIES_TALKS)}.`,
  (c) => `Engineers at the ${c.rng.pick(['Zaporizhzhia', 'Khmelnytskyi', 'Rivne', 'South Ukraine'])} plant said cooling systems were ${c.rng.pick(['operating normally', 'under strain', 'running on backup power'])}.`,
  (c) => `Farmers near ${c.village()} say ${c.rng.pick(['mines', 'unexploded shells', 'drone strikes', 'fuel shortages'])} have kept them from planting ${c.rng.pick(['wheat', 'sunflowers', 'maize', 'barley'])} this year.`,
  (c) => `Observers believe the pressure on ${c.rng.pick(['Europe', 'Kyiv', 'Moscow', 'Washington'])} reflects a broader shift in ${c.rng.pick(['transatlantic relations', 'American priorities', 'European defence policy', 'Russian strategy'])}.`,
  (c) => `Satellite images reviewed by the ${c.outletName()} show new ${c.rng.pick(['trenches', 'fortifications', 'depots', 'pontoon bridges', 'airstrips'])} near ${c.village()}.`,
  (c) => `Local authorities in ${c.place()} announced a curfew ${c.rng.pick(['from midnight', 'for the weekend', 'until further notice'])} after ${c.rng.pick(['air raid alerts', 'a series of explosions', 'sabotage attempts'])}.`,
];

// ---------------------------------------------------------------------------------------------

function generatedWord(rng: Rng, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += rng.pick(SYLLABLES);
  return w[0].toUpperCase() + w.slice(1);
}

const PARTY_SUBJECTS: Record<string, string[]> = {
  Russia: ['Russia', 'Moscow', 'the Kremlin'],
  Ukraine: ['Ukraine', 'Kyiv'],
  'United States': ['Washington', 'the United States', 'the White House'],
  Europe: ['the European Union', 'Brussels'],
  NATO: ['NATO', 'the alliance'],
};

/** The shared cast and scenery of the corpus: depends on the seed only. */
export function buildPools(seed: number): Pools {
  const rng = createRng(hashString('pools', seed));
  const g = loadGazetteer(BUNDLED_SEEDS_DIR);
  const states = g.actors.filter((a) => a.kind === 'state' || a.kind === 'bloc');
  const parties: Party[] = states.map((a) => ({
    name: a.name,
    subjects: PARTY_SUBJECTS[a.name] ?? [a.name],
    demonym: a.demonyms?.[0] ?? a.name,
    possessive: `${a.name}’s`,
  }));
  const people: Person[] = g.actors
    .filter((a): a is GazetteerActor & { party: string } => a.kind === 'person' && Boolean(a.party))
    .map((a) => {
      const surname = a.aliases.find((x) => !x.includes(' ')) ?? a.name.split(' ').pop()!;
      const typos = a.aliases.filter((x) => !x.includes(' ') && x !== surname);
      return {
        name: a.name,
        surname,
        intro: '',
        short: [surname, surname, surname, ...typos],
        party: a.party,
        generated: false,
      };
    });
  // Generated people: 20,000 officials of the gazetteer's states. Articles draw them on a Zipf curve,
  // so a few recur everywhere and the cast keeps growing with the corpus (about 5,000 quoted people
  // at 10,000 articles), as a real archive's does.
  const titles = ['Foreign Minister', 'Defence Minister', 'Deputy Prime Minister', 'Deputy Foreign Minister', 'ambassador', 'spokesperson', 'Senator', 'Governor', 'chief negotiator', 'adviser', 'Finance Minister', 'Interior Minister'];
  const weights = ['Russia', 'Ukraine', 'United States', 'Europe', 'Russia', 'Ukraine', 'Poland', 'France', 'Germany', 'United Kingdom', 'Turkey', 'Hungary', 'Finland', 'China', 'Italy', 'Belarus', 'Saudi Arabia', 'NATO'];
  const seen = new Set<string>();
  const gazetteerCount = people.length;
  while (people.length < GENERATED_PEOPLE + gazetteerCount) {
    const first = rng.pick(FIRST_NAMES);
    const surname = generatedWord(rng, rng.int(2, 3));
    const name = `${first} ${surname}`;
    if (seen.has(name) || seen.has(surname)) continue;
    seen.add(name);
    seen.add(surname);
    const party = rng.pick(weights);
    const title = rng.pick(titles);
    const p = parties.find((x) => x.name === party)!;
    people.push({ name, surname, intro: `${p.possessive} ${title} ${name}`, short: [surname], party, generated: true });
  }
  const villages = new Set<string>();
  while (villages.size < 20_000) villages.add(generatedWord(rng, rng.int(1, 2)) + rng.pick(VILLAGE_ENDS));
  const outlets = new Set<string>();
  while (outlets.size < 120) outlets.add(`The ${rng.pick(OUTLET_A)} ${rng.pick(OUTLET_B)}`);
  return {
    people,
    gazetteerPeople: people.filter((p) => !p.generated),
    generatedPeople: people.filter((p) => p.generated),
    parties,
    places: REAL_PLACES,
    villages: [...villages],
    outlets: [...outlets].map((name) => ({ name, host: `${name.replace(/^The /, '').toLowerCase().replace(/\s+/g, '')}.example` })),
    orgs: ORGS,
  };
}

// ---------------------------------------------------------------------------------------------

class Ctx {
  readonly mentioned = new Set<string>();
  constructor(readonly rng: Rng, readonly pools: Pools, readonly outlet: { name: string; host: string }) {}
  place = () => (this.rng.chance(0.6) ? this.rng.pick(this.pools.places) : this.village());
  /** Villages follow a Zipf curve: a few recur everywhere, most are rare (a realistic long tail). */
  village = () => this.pools.villages[this.rng.zipf(this.pools.villages.length, 0.9)];
  region = () => this.rng.pick(['Donetsk', 'Luhansk', 'Kherson', 'Zaporizhzhia', 'Crimea', 'Kharkiv', 'Sumy']);
  regions = () => {
    const r = this.rng.shuffle(['Donetsk', 'Luhansk', 'Kherson', 'Zaporizhzhia']).slice(0, this.rng.int(2, 4));
    return r.length > 1 ? `${r.slice(0, -1).join(', ')} and ${r[r.length - 1]}` : r[0];
  };
  day = () => this.rng.pick(DAYS);
  month = () => this.rng.pick(MONTHS);
  big = () => `${this.rng.int(2, 99) * 10},000`;
  outletName = () => this.rng.pick(this.pools.outlets).name.replace(/^The /, '');
  /** "Peskov" after the first mention, the full introduction before. */
  who(p: Person): string {
    if (this.mentioned.has(p.name)) return this.rng.pick(p.short);
    this.mentioned.add(p.name);
    if (p.generated) return p.intro;
    return this.rng.pick(GAZETTEER_INTROS[p.name] ?? [p.name]);
  }
  party(name: string): Party {
    return this.pools.parties.find((x) => x.name === name) ?? this.pools.parties[0];
  }
}

function quoteText(c: Ctx, signature: string | null): string {
  if (signature) return signature;
  const r = c.rng;
  let q = `${r.pick(QUOTE_SUBJECTS)} ${r.pick(QUOTE_MODALS)} ${r.pick(QUOTE_VERBS)} ${r.pick(QUOTE_OBJECTS)} ${r.pick(QUOTE_TAILS)}`;
  if (r.chance(0.3)) q += `. ${r.pick(QUOTE_EXTRAS).replace(/\.$/, '')}`;
  return q;
}

/** A remark a speaker is known for, reported by several outlets word for word. */
function signatureRemark(p: Person, k: number): string {
  const r = createRng(hashString(`${p.name}#${k}`));
  return `${r.pick(QUOTE_SUBJECTS)} ${r.pick(QUOTE_MODALS)} ${r.pick(QUOTE_VERBS)} ${r.pick(QUOTE_OBJECTS)} ${r.pick(QUOTE_TAILS)}`;
}

function quoteSentence(c: Ctx, p: Person): string {
  const r = c.rng;
  const sig = r.chance(0.12) ? signatureRemark(p, r.int(0, 2)) : null;
  const q = quoteText(c, sig);
  const when = r.chance(0.5) ? ` on ${c.day()}` : '';
  switch (r.int(0, 6)) {
    case 0:
      return `“${q},” ${c.who(p)} said${when}.`;
    case 1:
      return `“${q},” said ${c.who(p)}.`;
    case 2:
      return `${c.who(p)} remarked, “${q}.”`;
    case 3:
      return `${c.who(p)} told reporters${when}: “${q}.”`;
    case 4:
      return `Speaking to the ${c.outletName()}${when}, ${c.who(p)} said, “${q}.”`;
    case 5:
      return `"${q}," ${c.who(p)} added.`;
    default:
      return `${c.who(p)} said the talks had been “${r.pick(['compelling', 'productive', 'difficult', 'constructive', 'useful', 'frank'])}” and added, “${q}.”`;
  }
}

function positionSentence(c: Ctx, p: Person | null, party: Party): string {
  const r = c.rng;
  const stance = r.pick(STANCES).clause(c, party);
  if (p && r.chance(0.5)) {
    switch (r.int(0, 2)) {
      case 0:
        return `${c.who(p)} insisted that ${stance}.`;
      case 1:
        return `${c.who(p)} said ${r.pick(party.subjects)} would only move forward if ${stance.replace(/^it /, 'its partners ').replace(/ must /, ' ')}.`;
      default:
        return `${c.who(p)} rejected suggestions that ${stance.replace(/ (must|cannot|will|would|should) /, ' could ')}.`;
    }
  }
  const subject = r.pick(party.subjects);
  const lead = r.pick(STANCE_LEADS)(subject[0].toUpperCase() + subject.slice(1));
  if (r.chance(0.15)) return `${party.possessive} demand that ${stance} still features heavily in discussions.`;
  return `${lead} ${stance}.`;
}

function figureSentence(c: Ctx, party: Party): string {
  const r = c.rng;
  switch (r.int(0, 9)) {
    case 0:
      return `Currently, ${party.name} fields approximately ${c.big()} troops, a significant increase from around ${r.int(100, 300)},000 before ${r.int(2014, 2024)}.`;
    case 1:
      return `The original ${r.int(12, 32)}-point plan also included a demand to reduce peacetime armed forces to ${c.big()}, while European officials proposed an ${c.big()} cap.`;
    case 2:
      return `The Kremlin rejected a proposal for a full ${r.pick([10, 14, 30, 60, 90])}-day ceasefire, consenting only to a partial truce covering ${r.pick(['the Black Sea', 'energy facilities', 'ports', 'railways'])}.`;
    case 3:
      return `${r.pick(DONORS)} has provided Ukraine with $${r.int(2, 90)} billion in military aid since the invasion, according to the ${r.pick(ORGS)}.`;
    case 4:
      return `Russian strikes have left over ${r.int(1, 9)},${r.int(100, 999)} buildings in ${c.place()} without heat in sub-zero temperatures.`;
    case 5:
      return `Moscow currently controls about ${r.pick(['a fifth', 'a quarter', 'a tenth'])} of Ukraine, including most of ${c.region()}.`;
    case 6:
      return `Both sides exchanged ${r.int(40, 1200)} prisoners on ${c.day()} in a swap brokered by ${r.pick(['the United Arab Emirates', 'Turkey', 'Qatar', 'Saudi Arabia'])}.`;
    case 7:
      return `Around ${r.int(11, 89)}% of respondents in ${c.place()} said they would back a ceasefire along the current front line, a survey by the ${r.pick(ORGS)} found.`;
    case 8:
      return `The proposed demilitarised zone would stretch ${r.int(5, 40)} kilometres on either side of the line near ${c.village()}.`;
    default:
      return `${r.pick(DONORS)} pledged €${r.int(1, 40)} billion for reconstruction over ${r.pick(['three', 'five', 'ten'])} years at the donor conference in ${r.pick(CITIES_TALKS)}.`;
  }
}

function titleOf(c: Ctx, lead: Person, party: Party): string {
  const r = c.rng;
  const topic = r.pick(['one issue', 'security guarantees', 'territory', 'a ceasefire', 'sanctions', 'prisoner swaps', 'the peace plan', 'NATO', 'energy strikes', 'reconstruction']);
  return r.pick([
    `${lead.surname} says talks are down to ${topic}`,
    `${party.name} hardens stance on ${topic} as fighting near ${c.village()} intensifies`,
    `What ${lead.surname}'s remarks on ${topic} mean for the war`,
    `Diplomats in ${r.pick(CITIES_TALKS)} search for a deal on ${topic}`,
    `${lead.name} and the fight over ${topic}`,
  ]);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The text of article i: front matter, headline paragraphs, body of about `targetBytes`. */
export function generateArticle(pools: Pools, seed: number, i: number, targetBytes = 5_000): string {
  const rng = createRng(hashString(`article:${i}`, seed));
  const outlet = rng.pick(pools.outlets);
  const c = new Ctx(rng, pools, outlet);
  // A few speakers dominate the news (Zipf), most appear now and then.
  const gazetteerPeople = pools.gazetteerPeople;
  const generated = pools.generatedPeople;
  const cast: Person[] = [];
  const castSize = rng.int(3, 5);
  while (cast.length < castSize) {
    const p = rng.chance(0.55) ? gazetteerPeople[rng.zipf(gazetteerPeople.length, 1.1)] : generated[rng.zipf(generated.length, 1.0)];
    if (!cast.includes(p)) cast.push(p);
  }
  const parties = [...new Set(cast.map((p) => p.party))].map((n) => c.party(n));
  const lead = cast[0];
  const title = titleOf(c, lead, parties[0]);
  const year = rng.int(2024, 2026);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const front = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `outlet: ${JSON.stringify(outlet.name)}`,
    `published: ${year}-${pad2(month)}-${pad2(day)}`,
    `url: https://${outlet.host}/${year}/${pad2(month)}/${slug}-${i}`,
    '---',
    '',
  ].join('\n');

  const paragraphs: string[] = [];
  let size = front.length;
  const target = targetBytes * (0.9 + rng.next() * 0.2);
  // Lede: who, where, what.
  paragraphs.push(
    `${c.who(lead)} ${rng.pick(['arrived in', 'spoke in', 'travelled to', 'held talks in'])} ${rng.pick(CITIES_TALKS)} on ${c.day()} for ${rng.pick(['crucial', 'fresh', 'closed-door', 'technical'])} discussions on ${rng.pick(['a peace deal', 'a ceasefire', 'security guarantees', 'prisoner exchanges', 'the future of occupied territory'])}. ${figureSentence(c, parties[0])}`,
  );
  size += paragraphs[0].length;
  while (size < target) {
    const sentences: string[] = [];
    const n = rng.int(2, 4);
    for (let k = 0; k < n; k++) {
      const roll = rng.next();
      const speaker = rng.chance(0.6) ? cast[rng.int(0, Math.min(1, cast.length - 1))] : rng.pick(cast);
      if (roll < 0.17) sentences.push(quoteSentence(c, speaker));
      else if (roll < 0.3) sentences.push(positionSentence(c, rng.chance(0.5) ? speaker : null, c.party(speaker.party)));
      else if (roll < 0.42) sentences.push(figureSentence(c, rng.pick(parties)));
      else sentences.push(rng.pick(FILLER)(c));
    }
    const para = sentences.join(' ');
    if (rng.chance(0.12)) paragraphs.push(rng.pick(['Details of progress in negotiations', 'The view from the front', 'What happens next in the talks', 'A fragile diplomatic window']));
    paragraphs.push(para);
    size += para.length + 2;
  }
  const chrome = rng.chance(0.3) ? ['', rng.pick(['Share this article', 'Read the full article here', 'Source: Original article'])] : [];
  const tail = rng.chance(0.2) ? ['', 'Related Articles', `${c.village()} braces for winter`, `Talks in ${rng.pick(CITIES_TALKS)} resume`] : [];
  return `${front}${paragraphs.join('\n\n')}\n${[...chrome, ...tail].join('\n')}\n`;
}

export interface CorpusInfo {
  dir: string;
  articles: number;
  bytes: number;
  files: string[];
}

/** Write articles 0…n-1 into `dir` (created if needed). */
export function writeCorpus(dir: string, n: number, seed = DEFAULT_SEED, onProgress?: (done: number) => void): CorpusInfo {
  mkdirSync(dir, { recursive: true });
  const pools = buildPools(seed);
  let bytes = 0;
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const text = generateArticle(pools, seed, i);
    // Spread over sub-directories like a real archive, 1,000 files each.
    const sub = join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    const file = join(sub, `${String(i).padStart(6, '0')}.md`);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
    if (onProgress && (i + 1) % 250 === 0) onProgress(i + 1);
  }
  onProgress?.(n);
  return { dir, articles: n, bytes, files };
}
