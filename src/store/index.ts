export { openDatabase, MIGRATIONS_DIR } from './db.ts';
export { migrate } from './migrate.ts';
export { createStore, normalizeAlias, RECORD_LIMIT } from './store.ts';
export type * from './store.ts';
export * from './schedules.ts';
