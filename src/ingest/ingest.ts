import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import { extractArticle, type GazetteerIndex } from '../nlp/index.ts';
import type { Store } from '../store/index.ts';
import { ArticleError, normalizeArticle } from './normalize.ts';
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

/**
 * Ingest one file. Unchanged files (same size and mtime, or same content hash) are skipped; a changed
 * file replaces its old records in one transaction. Problems become a rejection with a reason.
 */
export function ingestFile(store: Store, index: GazetteerIndex, file: string, report: IngestReport): void {
  try {
    const known = store.fingerprint(file);
    if (known) {
      const st = statArticle(file);
      if (st.size === known.size && st.mtimeMs === known.mtimeMs) {
        report.skipped.push(file);
        return;
      }
    }
    const f = readArticleFile(file);
    if (known && known.hash === f.hash) {
      store.touch(file, f.size, f.mtimeMs);
      report.skipped.push(file);
      return;
    }
    const article = normalizeArticle(f.text, basename(file));
    const extraction = extractArticle(article.body, index);
    store.replaceArticle({ ...article, path: file, hash: f.hash, size: f.size, mtimeMs: f.mtimeMs, extraction });
    const summary = {
      file,
      title: article.title,
      quotes: extraction.quotes.length,
      positions: extraction.positions.length,
      figures: extraction.figures.length,
    };
    (known ? report.updated : report.added).push(summary);
  } catch (e) {
    if (e instanceof ArticleError) report.rejected.push({ file, reason: e.message });
    else report.rejected.push({ file, reason: `could not be ingested (${(e as Error).message})` });
  }
}

export function ingestPaths(store: Store, index: GazetteerIndex, paths: string[]): IngestReport {
  const report = emptyReport();
  for (const file of listArticleFiles(paths, report)) ingestFile(store, index, file, report);
  return report;
}

/** Bring the database in line with a directory: ingest new and changed files, drop articles whose file is gone. */
export function syncDirectory(store: Store, index: GazetteerIndex, dir: string): IngestReport {
  const report = ingestPaths(store, index, [dir]);
  // A missing or unmounted directory must not empty the database: only prune what we could list.
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return report;
  const root = resolve(dir) + sep;
  const present = new Set(listArticleFiles([dir], emptyReport()));
  for (const a of store.articles()) {
    if (a.path.startsWith(root) && !present.has(a.path)) {
      store.removeArticle(a.path);
      report.removed.push(a.path);
    }
  }
  return report;
}
