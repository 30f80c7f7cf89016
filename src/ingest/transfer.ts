import type { PreparedFile } from './ingest.ts';

/**
 * What a worker posts back for a prepared file, made cheaper to copy between threads. Structured
 * clone copies every object and string one by one: a 5 KB article took ~32 KB and 117 µs to send
 * and receive as it is, 80 µs with what is left out below, ~50 µs with the sentences as one array.
 * - Sentences go as one Int32Array of (index, paragraph, start, end) rows: their ~50 objects were
 *   the costliest part to clone, and each one's text is the slice of the body between its offsets.
 * - A quote's, position's or figure's text is left out when it is exactly the body between its
 *   offsets (always, as the extractor works today; checked per record, so nothing can be lost).
 */
export interface PackedFile {
  prepared: PreparedFile;
  sentences?: Int32Array;
}

const SENTENCE_FIELDS = 4;

type Spanned = { start: number; end: number; text: string | undefined };

/** The records whose text can be rebuilt from the body. */
const spanned = (p: Extract<PreparedFile, { kind: 'article' }>) =>
  [p.extraction.quotes, p.extraction.positions, p.extraction.figures] as unknown as Spanned[][];

/** Pack a prepared file for posting (in place: the worker is done with it). */
export function packPrepared(p: PreparedFile): PackedFile {
  if (p.kind !== 'article') return { prepared: p };
  const body = p.article.body;
  const list = p.extraction.sentences;
  const sentences = new Int32Array(list.length * SENTENCE_FIELDS);
  list.forEach((s, i) => {
    const at = i * SENTENCE_FIELDS;
    sentences[at] = s.index;
    sentences[at + 1] = s.paragraph;
    sentences[at + 2] = s.start;
    sentences[at + 3] = s.end;
  });
  p.extraction.sentences = [];
  for (const records of spanned(p)) for (const r of records) if (r.text === body.slice(r.start, r.end)) r.text = undefined;
  return { prepared: p, sentences };
}

/** The prepared file as it was before `packPrepared`, on the receiving thread. */
export function unpackPrepared({ prepared: p, sentences }: PackedFile): PreparedFile {
  if (p.kind !== 'article' || !sentences) return p;
  const body = p.article.body;
  for (let i = 0; i < sentences.length; i += SENTENCE_FIELDS) {
    const start = sentences[i + 2];
    const end = sentences[i + 3];
    p.extraction.sentences.push({ index: sentences[i], paragraph: sentences[i + 1], start, end, text: body.slice(start, end) });
  }
  for (const records of spanned(p)) for (const r of records) r.text ??= body.slice(r.start, r.end);
  return p;
}
