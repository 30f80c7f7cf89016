/**
 * A worker thread of the parallel ingest: reads and extracts the files it is sent, returns what
 * `prepareFile` gives for each. It never touches the database; the main thread stores in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexGazetteer, type Gazetteer } from '../nlp/index.ts';
import { prepareFile } from './ingest.ts';
import { packPrepared } from './transfer.ts';

export interface WorkerJob {
  id: number;
  files: { file: string; knownHash?: string }[];
}

const index = indexGazetteer((workerData as { gazetteer: Gazetteer }).gazetteer);
parentPort!.on('message', (job: WorkerJob) => {
  parentPort!.postMessage({ id: job.id, prepared: job.files.map((f) => packPrepared(prepareFile(f.file, index, f.knownHash))) });
});
