/**
 * Child process for the broken-article and crash tests: opens (creating) a database and calls
 * `ingestPaths` once per PATH argument, printing each report as it completes.
 *
 *   node --import tsx test/hostile/ingest-child.ts DB_PATH SEEDS_DIR PATH…
 *   stdout: ready | report <i> <IngestReport as JSON> | paused (see below) | finished
 *
 * With PAUSE_AT_SENTENCE=n the child prints `paused` when it inserts its n-th sentence row and then
 * sleeps inside that write transaction, so a parent can SIGKILL it mid-article, deterministically.
 * (A TEMP trigger on this connection calls a JS function; the store's code is untouched.)
 * With PAUSE_AFTER_PATHS=n it prints `paused` after the n-th report and sleeps: between two articles.
 * With BULK=1 each path goes through `app.ingestInBulk` (worker threads, question indexes built after).
 */
import { createApp } from '../../src/app.ts';
import { ingestPaths } from '../../src/ingest/index.ts';

const [dbPath, seedsDir, ...paths] = process.argv.slice(2);
const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR: seedsDir });

const pauseAt = Number(process.env.PAUSE_AT_SENTENCE ?? 0);
if (pauseAt > 0) {
  let inserted = 0;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  app.db.function('hostile_sentence_inserted', () => {
    if (++inserted === pauseAt) {
      process.stdout.write('paused\n'); // a pipe: written synchronously on Linux, so the parent sees it now
      Atomics.wait(sleeper, 0, 0, 60_000);
    }
    return null;
  });
  app.db.exec(`CREATE TEMP TRIGGER hostile_pause AFTER INSERT ON main.sentences BEGIN SELECT hostile_sentence_inserted(); END`);
}

const pauseAfter = Number(process.env.PAUSE_AFTER_PATHS ?? 0);
process.stdout.write('ready\n');
for (const [i, p] of paths.entries()) {
  const report = process.env.BULK === '1' ? await app.ingestInBulk([p]) : ingestPaths(app.store, app.gazetteer, [p]);
  process.stdout.write(`report ${i} ${JSON.stringify(report)}\n`);
  if (i + 1 === pauseAfter) {
    process.stdout.write('paused\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
}
app.close();
process.stdout.write('finished\n');
