/**
 * Child process for the pathological-input test: ingests generated stress articles, one per stdin
 * line, into a fresh database, and reports on stdout so the parent can kill it when a case hangs.
 *
 *   node --import tsx test/hostile/extract-child.ts WORK_DIR SEEDS_DIR
 *   stdin:  <bytes>:<case name>        (see pathological-inputs.ts), one per line
 *   stdout: ready | start <bytes>:<name> | done {"spec", "ms", "bytes", "added", "rejected"}
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApp } from '../../src/app.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { pathologicalCases } from './pathological-inputs.ts';

const [workDir, seedsDir] = process.argv.slice(2);
const app = createApp({ DATABASE_PATH: join(workDir, `child-${process.pid}.db`), SEEDS_DIR: seedsDir });
let n = 0;
const generated = new Map<number, Map<string, string>>();
const caseText = (size: number, name: string): string | undefined => {
  if (!generated.has(size)) generated.set(size, new Map(pathologicalCases(size).map((c) => [c.name, c.text])));
  return generated.get(size)!.get(name);
};

createInterface({ input: process.stdin }).on('line', (spec) => {
  const colon = spec.indexOf(':');
  const size = Number(spec.slice(0, colon));
  const name = spec.slice(colon + 1);
  const text = caseText(size, name);
  if (text === undefined) throw new Error(`no such case: ${name}`);
  const file = join(workDir, `case-${process.pid}-${n++}.txt`);
  writeFileSync(file, text);
  process.stdout.write(`start ${spec}\n`);
  const t0 = performance.now();
  const report = ingestPaths(app.store, app.gazetteer, [file]);
  const ms = Math.round(performance.now() - t0);
  const added = report.added[0];
  const result = {
    spec,
    ms,
    bytes: Buffer.byteLength(text),
    added: added ? { quotes: added.quotes, positions: added.positions, figures: added.figures } : null,
    rejected: report.rejected[0]?.reason ?? null,
  };
  process.stdout.write(`done ${JSON.stringify(result)}\n`);
}).on('close', () => app.close());

process.stdout.write('ready\n');
