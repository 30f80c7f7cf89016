import type Database from 'better-sqlite3';
import type { Config } from './config.ts';
import { loadGazetteer, syncDirectory, type IngestReport } from './ingest/index.ts';
import { ingestPathsParallel, syncDirectoryParallel, type ParallelOptions } from './ingest/parallel.ts';
import { indexGazetteer, type GazetteerIndex } from './nlp/index.ts';
import { createStore, openDatabase, type Store } from './store/index.ts';

export interface App {
  db: Database.Database;
  store: Store;
  gazetteer: GazetteerIndex;
  seedsDir: string;
  /** Ingest new and changed files in SEEDS_DIR, drop removed ones. */
  syncSeeds(): IngestReport;
  /** The same, extracting on worker threads when many files changed: for start-up and the CLI. */
  syncSeedsInBulk(options?: ParallelOptions): Promise<IngestReport>;
  /** Ingest files and folders, extracting on worker threads when there are many. */
  ingestInBulk(paths: string[], options?: ParallelOptions): Promise<IngestReport>;
  close(): void;
}

/** The composition root: one database, one store, one gazetteer, shared by every transport. */
export function createApp(config: Pick<Config, 'DATABASE_PATH' | 'SEEDS_DIR'> & Partial<Pick<Config, 'INGEST_WORKERS'>>): App {
  const db = openDatabase(config.DATABASE_PATH);
  const store = createStore(db);
  const g = loadGazetteer(config.SEEDS_DIR);
  store.syncGazetteer(g);
  const gazetteer = indexGazetteer(g);
  return {
    db,
    store,
    gazetteer,
    seedsDir: config.SEEDS_DIR,
    syncSeeds: () => syncDirectory(store, gazetteer, config.SEEDS_DIR),
    syncSeedsInBulk: (options) => syncDirectoryParallel(store, gazetteer, config.SEEDS_DIR, { workers: config.INGEST_WORKERS, ...options }),
    ingestInBulk: (paths, options) => ingestPathsParallel(store, gazetteer, paths, { workers: config.INGEST_WORKERS, ...options }),
    close: () => db.close(),
  };
}
