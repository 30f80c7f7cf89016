import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import { extractArticle, type Extraction, type GazetteerIndex } from '../nlp/index.ts';
import type { Store } from '../store/index.ts';
import { ArticleError, normalizeArticle, type NormalizedArticle } from './normalize.ts';
import { readArticleFile, statArticle } from './read.ts';

export const ARTICLE_EXTENSIONS = new Set(['.txt', '.md', '.markdown']);

export interface IngestedArticle {
  file: string;
  title: string;
  quotes: number;
  positions: number;
  figures: number;
}

export interface IngestReport {
  added: IngestedArticle[];
  updated: IngestedArticle[];
  skipped: string[];
  rejected: { file: string; reason: string }[];
  removed: string[];
}

export const emptyReport = (): IngestReport => ({ added: [], updated: [], skipped: [], rejected: [], removed: [] });

/** Article files under the given paths: files as given, directories walked for .txt/.md. */
export function listArticleFiles(paths: string[], report: IngestReport): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      // An unreadable folder is reported like a bad file; the rest of the batch goes on.
      report.rejected.push({ file: dir, reason: `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      report.rejected.push({ file: p, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : `cannot be read (${code ?? (e as Error).message})` });
      continue;
    }
    if (isDir) walk(abs);
    else out.push(abs);
  }
  return out;
}

/** What the store knows of a file: enough to tell whether it changed. */
export interface Fingerprint {
  hash: string;
  size: number;
  mtimeMs: number;
}

/**
 * One file read and extracted, ready to store, or why not. Computed without the database (so it can
 * run in a worker thread); `knownHash` lets an edited-but-identical file skip extraction.
 */
export type PreparedFile =
  | { kind: 'article'; file: string; hash: string; size: number; mtimeMs: number; article: NormalizedArticle; extraction: Extraction }
  | { kind: 'unchanged'; file: string; size: number; mtimeMs: number }
  | { kind: 'rejected'; file: string; reason: string };

export function prepareFile(file: string, index: GazetteerIndex, knownHash?: string): PreparedFile {
  try {
    const f = readArticleFile(file);
    if (knownHash === f.hash) return { kind: 'unchanged', file, size: f.size, mtimeMs: f.mtimeMs };
    const article = normalizeArticle(f.text, basename(file));
    // Mentions are the extractor's working state; nothing stores them, so they are not carried on.
    const extraction = { ...extractArticle(article.body, index), mentions: [] };
    return { kind: 'article', file, hash: f.hash, size: f.size, mtimeMs: f.mtimeMs, article, extraction };
  } catch (e) {
    return { kind: 'rejected', file, reason: rejection(e) };
  }
}

const rejection = (e: unknown) => (e instanceof ArticleError ? e.message : `could not be ingested (${(e as Error).message})`);

/** Store one prepared file (replacing its old records in one transaction) and say so in the report. */
export function storePrepared(store: Store, p: PreparedFile, known: Fingerprint | undefined, report: IngestReport): void {
  if (p.kind === 'rejected') {
    report.rejected.push({ file: p.file, reason: p.reason });
    return;
  }
  try {
    if (p.kind === 'unchanged') {
      store.touch(p.file, p.size, p.mtimeMs);
      report.skipped.push(p.file);
      return;
    }
    const { article, extraction } = p;
    store.replaceArticle({ ...article, path: p.file, hash: p.hash, size: p.size, mtimeMs: p.mtimeMs, extraction });
    (known ? report.updated : report.added).push({
      file: p.file,
      title: article.title,
      quotes: extraction.quotes.length,
      positions: extraction.positions.length,
      figures: extraction.figures.length,
    });
  } catch (e) {
    report.rejected.push({ file: p.file, reason: rejection(e) });
  }
}

/**
 * Articles committed per transaction (and full-text indexed together, see `store.inBatch`). Each
 * commit writes every index page the batch touched, so larger batches store faster (1.0 ms per
 * article at 100, 0.72 ms at 500); a crash loses at most one batch, which the next run ingests again.
 */
export const BATCH_SIZE = 500;

/**
 * The files that need reading: those the store does not know, or whose size or mtime changed.
 * The rest are reported as skipped. `known` is every stored fingerprint (one index scan).
 */
export function filesToRead(files: string[], known: Map<string, Fingerprint>, report: IngestReport): string[] {
  const out: string[] = [];
  for (const file of files) {
    const k = known.get(file);
    if (k) {
      let st;
      try {
        st = statArticle(file);
      } catch (e) {
        report.rejected.push({ file, reason: rejection(e) });
        continue;
      }
      if (st.size === k.size && st.mtimeMs === k.mtimeMs) {
        report.skipped.push(file);
        continue;
      }
    }
    out.push(file);
  }
  return out;
}

/**
 * Ingest files and folders. Unchanged files (same size and mtime, or same content hash) are skipped;
 * a changed file replaces its old records; problems become a rejection with a reason. Files are
 * stored in transactions of BATCH_SIZE articles (each article still its own savepoint: a failing one
 * rolls back alone, and a crash loses at most the open batch, which the next run ingests again).
 */
export function ingestPaths(store: Store, index: GazetteerIndex, paths: string[]): IngestReport {
  const report = emptyReport();
  ingestListed(store, index, listArticleFiles(paths, report), report);
  return report;
}

function ingestListed(store: Store, index: GazetteerIndex, files: string[], report: IngestReport): void {
  const known = store.fingerprints();
  readAndStore(store, index, filesToRead(files, known, report), known, report);
}

/** Read, extract and store `files` on this thread, BATCH_SIZE articles per transaction. */
export function readAndStore(
  store: Store,
  index: GazetteerIndex,
  files: string[],
  known: Map<string, Fingerprint>,
  report: IngestReport,
  onProgress?: (done: number, total: number) => void,
): void {
  for (let i = 0; i < files.length; i += BATCH_SIZE) {
    store.inBatch(() => {
      for (const file of files.slice(i, i + BATCH_SIZE)) {
        const k = known.get(file);
        storePrepared(store, prepareFile(file, index, k?.hash), k, report);
      }
    });
    onProgress?.(Math.min(i + BATCH_SIZE, files.length), files.length);
  }
}

/** Bring the database in line with a directory: ingest new and changed files, drop articles whose file is gone. */
export function syncDirectory(store: Store, index: GazetteerIndex, dir: string): IngestReport {
  const report = emptyReport();
  const files = listArticleFiles([dir], report);
  ingestListed(store, index, files, report);
  pruneMissing(store, dir, files, report);
  return report;
}

/** Drop the articles under `dir` whose file is not among `files` (the directory's listing). */
export function pruneMissing(store: Store, dir: string, files: string[], report: IngestReport): void {
  // A missing or unmounted directory must not empty the database: only prune what we could list.
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  const root = resolve(dir) + sep;
  const present = new Set(files);
  for (const path of store.paths()) {
    if (path.startsWith(root) && !present.has(path)) {
      store.removeArticle(path);
      report.removed.push(path);
    }
  }
}
