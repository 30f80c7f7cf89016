import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadGazetteer, normalizeArticle, BUNDLED_SEEDS_DIR } from '../../src/ingest/index.ts';
import { extractArticle, indexGazetteer } from '../../src/nlp/index.ts';
import { combine, scoreArticle, type GoldFile, type Scores } from '../helpers/score.ts';

const ROOT = join(import.meta.dirname, '../..');
export const GOLD_DIR = join(ROOT, 'test/fixtures/gold');

export const HOLDOUT_GOLD_DIR = join(ROOT, 'test/fixtures/holdout-gold');

/** Each gold file with the article it annotates: seeds from seeds/, our own from test/fixtures/articles/ (or holdout/). */
export function goldArticles(dir = GOLD_DIR): { gold: GoldFile; path: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const gold = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldFile;
      const seed = join(ROOT, 'seeds', gold.file);
      const own = join(ROOT, dir === GOLD_DIR ? 'test/fixtures/articles' : 'test/fixtures/holdout', gold.file);
      return { gold, path: readdirSync(join(ROOT, 'seeds')).includes(gold.file) ? seed : own };
    });
}

/** Run the same pipeline as `cli extract` (normalise + nlp) and score it against the gold. */
export function scoreAll(dir = GOLD_DIR): { perFile: { file: string; scores: Scores }[]; total: Scores } {
  const index = indexGazetteer(loadGazetteer(BUNDLED_SEEDS_DIR));
  const perFile = goldArticles(dir).map(({ gold, path }) => {
    const article = normalizeArticle(readFileSync(path, 'utf8'), basename(path));
    const x = extractArticle(article.body, index);
    return { file: gold.file, scores: scoreArticle(gold, x) };
  });
  return { perFile, total: combine(perFile.map((p) => p.scores)) };
}
