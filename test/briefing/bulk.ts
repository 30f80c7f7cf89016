/**
 * Databases with many records of one speaker, actor or topic, written through the store the way
 * ingest writes them: for the notices that count records ("the newest 100 of more than 10,000").
 */
import { loadGazetteer } from '../../src/ingest/index.ts';
import type { ActorKind, FigureRecord, PositionRecord, QuoteRecord, Topic } from '../../src/nlp/index.ts';
import type { Store } from '../../src/store/index.ts';
import { SEEDS_DIR } from '../helpers/tmp.ts';

let serial = 0;

/**
 * One article whose single sentence is `sentence`, carrying `n` copies of each record given (every
 * record spans `span`, which must be inside the sentence). Returns the article id.
 */
export function addArticle(
  store: Store,
  sentence: string,
  span: string,
  records: { quotes?: { n: number; speaker: string; kind?: ActorKind; party: string | null }[]; positions?: { n: number; actor: string; person: string | null; topic: Topic }[]; figures?: { n: number; topic: Topic | null }[] },
): number {
  const start = sentence.indexOf(span);
  if (start < 0) throw new Error(`“${span}” is not in “${sentence}”`);
  const end = start + span.length;
  const quotes: QuoteRecord[] = (records.quotes ?? []).flatMap((q) =>
    Array.from({ length: q.n }, () => ({ speaker: q.speaker, speakerKind: q.kind ?? 'person', party: q.party, text: span, sentence: 0, start, end, topic: null })),
  );
  const positions: PositionRecord[] = (records.positions ?? []).flatMap((p) =>
    Array.from({ length: p.n }, () => ({ actor: p.actor, person: p.person, text: span, sentence: 0, start, end, topic: p.topic, verb: 'wants' })),
  );
  const figures: FigureRecord[] = (records.figures ?? []).flatMap((f) =>
    Array.from({ length: f.n }, () => ({ text: span, raw: '12', value: 12, unit: 'count', sentence: 0, start, end, topic: f.topic })),
  );
  serial++;
  return store.replaceArticle({
    path: `/bulk/${serial}.txt`,
    hash: `bulk-${serial}`,
    size: sentence.length,
    mtimeMs: serial,
    title: `Bulk article ${serial}`,
    outlet: 'Bulk News',
    published: '2026-01-22',
    url: null,
    body: sentence,
    extraction: { sentences: [{ index: 0, paragraph: 0, start: 0, end: sentence.length, text: sentence }], mentions: [], quotes, positions, figures, newActors: [] },
  });
}

/** The bundled gazetteer's actors and aliases, so names resolve as in the bot. */
export function withGazetteer(store: Store): Store {
  store.syncGazetteer(loadGazetteer(SEEDS_DIR));
  return store;
}
