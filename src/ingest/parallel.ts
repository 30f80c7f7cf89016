import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GazetteerIndex } from '../nlp/index.ts';
import type { Store } from '../store/index.ts';
import { BATCH_SIZE, emptyReport, filesToRead, listArticleFiles, prepareFile, pruneMissing, readAndStore, storePrepared, type Fingerprint, type IngestReport, type PreparedFile } from './ingest.ts';
import { unpackPrepared, type PackedFile } from './transfer.ts';
import type { WorkerJob } from './worker.ts';

export interface ParallelOptions {
  /** Worker threads extracting besides this one (default: one fewer than the cores). 0: this thread alone. */
  workers?: number;
  /** Called after each job with how many files are done of how many to read (the last call: all stored). */
  onProgress?: (done: number, total: number) => void;
}

/** Workers besides this thread, which extracts too: one fewer than the cores, at least one. */
export const defaultWorkers = () => Math.max(1, availableParallelism() - 1);

/** Below this many files to read, starting workers (~0.3 s each) costs more than it saves. */
export const PARALLEL_MIN_FILES = 200;
/** Files per job sent to a worker; the main thread stores the results of jobs in batches of BATCH_SIZE. */
const JOB_SIZE = 25;

/**
 * Like `ingestPaths`, for large batches: files are read and extracted on worker threads (cores − 1
 * by default) and on this thread, which also stores the results, in listing order, in transactions
 * of BATCH_SIZE files. Same report, same database content and article order as `ingestPaths`.
 */
export async function ingestPathsParallel(store: Store, index: GazetteerIndex, paths: string[], options: ParallelOptions = {}): Promise<IngestReport> {
  const report = emptyReport();
  const files = listArticleFiles(paths, report);
  await store.withLargeCache(() => ingestListedParallel(store, index, files, report, options));
  return report;
}

/** Like `syncDirectory`, extracting on worker threads. */
export async function syncDirectoryParallel(store: Store, index: GazetteerIndex, dir: string, options: ParallelOptions = {}): Promise<IngestReport> {
  const report = emptyReport();
  const files = listArticleFiles([dir], report);
  await store.withLargeCache(() => ingestListedParallel(store, index, files, report, options));
  pruneMissing(store, dir, files, report);
  return report;
}

async function ingestListedParallel(store: Store, index: GazetteerIndex, files: string[], report: IngestReport, options: ParallelOptions): Promise<void> {
  const known = store.fingerprints();
  const toRead = filesToRead(files, known, report);
  const workers = Math.min(options.workers ?? defaultWorkers(), Math.ceil(toRead.length / JOB_SIZE));
  if (workers < 1 || toRead.length < PARALLEL_MIN_FILES) {
    readAndStore(store, index, toRead, known, report, options.onProgress);
    return;
  }
  // Loading at least as many articles as are stored: the question indexes are built after, not row by row.
  const deferIndexes = toRead.length >= known.size;
  const load = () => extractAndStore(store, index, toRead, known, report, workers, options, deferIndexes);
  await (deferIndexes ? store.withQuestionIndexesAfter(load) : load());
}

/** Read and extract `toRead` on `workers` workers and this thread; store the results in listing order, in batches. */
async function extractAndStore(
  store: Store,
  index: GazetteerIndex,
  toRead: string[],
  known: Map<string, Fingerprint>,
  report: IngestReport,
  workers: number,
  options: ParallelOptions,
  indexesDeferred: boolean,
): Promise<void> {
  // Jobs' results wait here until a batch is full (or the last job is in), then go in one transaction.
  let waiting: PreparedFile[] = [];
  const flush = () => {
    if (waiting.length) {
      store.inBatch(() => {
        for (const p of waiting) storePrepared(store, p, known.get(p.file), report);
      });
    }
    waiting = [];
  };
  // Every job handed out: this thread has nothing left to extract and would idle until the last results come.
  let draining = false;
  const jobs: WorkerJob[] = [];
  for (let i = 0; i < toRead.length; i += JOB_SIZE) {
    jobs.push({ id: jobs.length, files: toRead.slice(i, i + JOB_SIZE).map((file) => ({ file, knownHash: known.get(file)?.hash })) });
  }
  await runJobs(
    jobs,
    workers,
    index,
    (prepared, done) => {
      waiting = waiting.concat(prepared);
      // While draining, each result is stored as it comes (smaller transactions, on time that would
      // be idle): what is left to store once the workers are done is one job, not a batch of 500.
      if (draining || waiting.length >= BATCH_SIZE || done === jobs.length) flush();
      options.onProgress?.(Math.min(done * JOB_SIZE, toRead.length), toRead.length);
    },
    (stored) => {
      draining = true;
      flush();
      // Question indexes this load deferred (withQuestionIndexesAfter) are built now, while the
      // workers finish their queues, instead of after them; the rest of the load goes into them row
      // by row, so only when that is the smaller part.
      if (indexesDeferred && stored >= jobs.length / 2) store.buildDeferredIndexes();
    },
  );
}

/**
 * Jobs queued per worker (400 articles, ~0.5 s of work). This thread sends none while it stores a
 * batch (~0.4 s) or extracts a job itself: a worker must hold more work than that not to go idle
 * (at 10,000 articles: 8 in flight 726 articles/s, 16 ~810/s).
 */
const IN_FLIGHT = 16;

/**
 * Hand jobs to `count` workers, at most IN_FLIGHT each, and pass results to `onResult` in job order
 * (a finished job waits for the ones before it). Whenever this thread has nothing to store, it
 * extracts the next job itself, between events: it would idle otherwise (on 2 cores, one worker and
 * this thread keep both busy; a second worker would only take turns with them). `onDrained` is called
 * once, when every job has been handed out and this thread has none left to extract, with how many
 * jobs have been passed to `onResult` so far. Rejects if a worker dies; what was stored stays.
 */
function runJobs(
  jobs: WorkerJob[],
  count: number,
  index: GazetteerIndex,
  onResult: (prepared: PreparedFile[], done: number) => void,
  onDrained: (stored: number) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const pool: Worker[] = [];
    const finished = new Map<number, PreparedFile[]>();
    let next = 0; // next job to hand out
    let stored = 0; // jobs stored so far
    let settled = false;
    const stop = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      if (error) reject(error);
      else resolvePromise();
    };
    /** Store every finished job that is next in order; false if that failed (the ingest stopped). */
    const storeReady = (): boolean => {
      try {
        while (finished.has(stored)) {
          const prepared = finished.get(stored)!;
          finished.delete(stored);
          onResult(prepared, ++stored);
        }
      } catch (e) {
        stop(e as Error);
        return false;
      }
      if (stored === jobs.length) stop();
      return true;
    };
    const helpOut = () => {
      if (settled) return;
      if (next >= jobs.length) {
        try {
          onDrained(stored);
        } catch (e) {
          stop(e as Error);
        }
        return;
      }
      const job = jobs[next++];
      try {
        finished.set(job.id, job.files.map((f) => prepareFile(f.file, index, f.knownHash)));
      } catch (e) {
        stop(e as Error); // prepareFile turns a bad file into a rejection: this is a bug, not a file
        return;
      }
      if (storeReady()) setImmediate(helpOut);
    };
    for (let i = 0; i < count; i++) {
      // A larger young generation: extraction makes short-lived objects, and fewer scavenges gave ~3%.
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { gazetteer: index.source }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      let queued = 0; // jobs sent to this worker and not answered yet
      const send = (upTo: number) => {
        for (; next < jobs.length && queued < upTo; queued++) w.postMessage(jobs[next++]);
      };
      w.on('message', (msg: { id: number; prepared: PackedFile[] }) => {
        queued--;
        finished.set(msg.id, msg.prepared.map(unpackPrepared));
        if (storeReady()) send(IN_FLIGHT);
      });
      w.on('error', (e) => stop(e));
      // Any exit before the work is done (even a clean one) would leave jobs unanswered: fail, never hang.
      w.on('exit', (code) => {
        if (stored < jobs.length) stop(new Error(`an ingest worker stopped (exit code ${code})`));
      });
      pool.push(w);
      // Two to start with: the worker takes ~0.3 s to start (loading TypeScript through tsx), and this
      // thread extracts meanwhile. Each answer tops its queue up to IN_FLIGHT.
      send(2);
    }
    setImmediate(helpOut);
  });
}
