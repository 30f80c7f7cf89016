// Entry of an ingest worker thread. Node 20 does not pass tsx's module hooks on to worker threads,
// so the worker loads its TypeScript through tsx's API instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
