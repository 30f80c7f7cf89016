/** Plain records produced by the nlp stage. Offsets are character offsets into the article body. */

export const TOPICS = [
  'territory',
  'nato',
  'ceasefire',
  'troops',
  'security guarantees',
  'sanctions',
  'military aid',
  'negotiations',
  'energy',
  'prisoners',
  'economy',
  'peace plan',
] as const;
export type Topic = (typeof TOPICS)[number];

export type ActorKind = 'person' | 'state' | 'bloc' | 'institution' | 'group';

export interface GazetteerActor {
  name: string;
  kind: Exclude<ActorKind, 'group'>;
  party?: string;
  gender?: 'm' | 'f';
  roles?: string[];
  aliases: string[];
  demonyms?: string[];
}

export interface Gazetteer {
  actors: GazetteerActor[];
}

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  index: number;
  paragraph: number;
  text: string;
}

/** A reference to an actor found in the text. */
export interface Mention extends Span {
  /** Canonical name (gazetteer name, or the full name the article gives for a new person). */
  name: string;
  kind: ActorKind;
  /** The party the actor speaks for (itself for states and blocs). */
  party: string | null;
  gender?: 'm' | 'f';
  /** Possessive mentions ("Trump's envoy") name an owner, not a subject. */
  possessive: boolean;
  /** How it was found: a name, a pronoun or role noun resolved to a name, or a group ("Ukrainian officials"). */
  via: 'name' | 'pronoun' | 'role' | 'group';
  sentence: number;
}

export interface QuoteRecord extends Span {
  speaker: string;
  speakerKind: ActorKind;
  party: string | null;
  text: string;
  sentence: number;
  topic: Topic | null;
}

export interface PositionRecord extends Span {
  /** The party whose position it is (or the person, when no party is known). */
  actor: string;
  /** The person or institution who voiced it, when one is named. */
  person: string | null;
  text: string;
  sentence: number;
  topic: Topic;
  verb: string;
}

export interface FigureRecord extends Span {
  /** The clause around the number. */
  text: string;
  /** The number as written ("880,000", "a fifth"). */
  raw: string;
  value: number | null;
  unit: string;
  sentence: number;
  topic: Topic | null;
}

export interface Extraction {
  sentences: Sentence[];
  mentions: Mention[];
  quotes: QuoteRecord[];
  positions: PositionRecord[];
  figures: FigureRecord[];
  /** Speakers found in the article that the gazetteer does not know. */
  newActors: { name: string; kind: ActorKind; party: string | null }[];
}
