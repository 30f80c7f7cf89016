
import { basename, resolve } from 'node:path';
import { createApp } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { ArticleError, listArticleFiles, emptyReport, loadGazetteer, normalizeArticle, readArticleFile, type IngestReport } from '../ingest/index.ts';
import { extractArticle, indexGazetteer } from '../nlp/index.ts';
import { renderText } from './render.ts';
import { plural } from '../briefing/index.ts';
import { runCommandLine } from './run.ts';

const USAGE = `Usage:
  npm run -s cli -- <command> [value…] [name:value…] [--json]   e.g. quote witkoff about:"one issue"
  npm run -s cli -- ingest FILE|DIR…
  npm run -s cli -- extract --json FILE…
Commands: position, quote, figures, search, sources, help`;

function printReport(r: IngestReport): void {
  const counts = (a: IngestReport['added'][number]) => `${plural(a.quotes, 'quote')}, ${plural(a.positions, 'position')}, ${plural(a.figures, 'figure')}`;
  for (const a of r.added) console.log(`added    ${a.file} — “${a.title}” (${counts(a)})`);
  for (const a of r.updated) console.log(`updated  ${a.file} — “${a.title}” (${counts(a)})`);
  for (const f of r.skipped) console.log(`skipped  ${f} (unchanged)`);
  for (const x of r.rejected) console.log(`rejected ${x.file}: ${x.reason}`);
  for (const f of r.removed) console.log(`removed  ${f} (file is gone)`);
  console.log(`${r.added.length} added, ${r.updated.length} updated, ${r.skipped.length} unchanged, ${r.rejected.length} rejected`);
}

/** `extract --json FILE…`: ingest normalisation + nlp, no database. */
function extract(files: string[]): void {
  const config = loadConfig();
  const index = indexGazetteer(loadGazetteer(config.SEEDS_DIR));
  const report = emptyReport();
  const articles = listArticleFiles(files, report).map((file) => {
    try {
      const f = readArticleFile(file);
      const a = normalizeArticle(f.text, basename(file));
      const x = extractArticle(a.body, index);
      return {
        file,
        title: a.title,
        outlet: a.outlet,
        published: a.published,
        url: a.url,
        quotes: x.quotes.map((q) => ({ speaker: q.speaker, party: q.party, text: q.text, topic: q.topic })),
        positions: x.positions.map((p) => ({ actor: p.actor, person: p.person, text: p.text, topic: p.topic })),
        figures: x.figures.map((g) => ({ text: g.text, value: g.value, unit: g.unit, topic: g.topic })),
      };
    } catch (e) {
      return { file, error: e instanceof ArticleError ? e.message : (e as Error).message };
    }
  });
  for (const r of report.rejected) articles.push({ file: r.file, error: r.reason });
  console.log(JSON.stringify({ articles }, null, 2));
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h') {
    console.error(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'extract') {
    if (!rest.length) return usage('extract needs at least one FILE');
    extract(rest);
    return 0;
  }
  const config = loadConfig();
  const app = createApp(config);
  try {
    if (command === 'ingest') {
      if (!rest.length) return usage('ingest needs at least one FILE or DIR');
      printReport(await app.ingestInBulk(rest.map((p) => resolve(p))));
      return 0;
    }
    const sync = await app.syncSeedsInBulk();
    for (const r of sync.rejected) console.error(`rejected ${r.file}: ${r.reason}`);
    const result = runCommandLine(app.store, [command, ...rest]);
    if (!result.ok) return usage(result.error);
    console.log(json ? JSON.stringify(result.answer, null, 2) : renderText(result.answer));
    return 0;
  } finally {
    app.close();
  }
}

function usage(error: string): number {
  console.error(`${error}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof ConfigError) console.error(e.message);
    else console.error(`parley: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
