import type Database from 'better-sqlite3';
import type { Config } from './config.ts';
import { loadGazetteer, syncDirectory, type IngestReport } from './ingest/index.ts';
import { indexGazetteer, type GazetteerIndex } from './nlp/index.ts';
import { createStore, openDatabase, type Store } from './store/index.ts';

export interface App {
  db: Database.Database;
  store: Store;
  gazetteer: GazetteerIndex;
  seedsDir: string;
  /** Ingest new and changed files in SEEDS_DIR, drop removed ones. */
  syncSeeds(): IngestReport;
  close(): void;
}

/** The composition root: one database, one store, one gazetteer, shared by every transport. */
export function createApp(config: Pick<Config, 'DATABASE_PATH' | 'SEEDS_DIR'>): App {
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
    close: () => db.close(),
  };
}
