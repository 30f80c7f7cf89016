import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ArticleError } from './normalize.ts';

/** Files above this size are not news articles; refusing them keeps one bad file from stalling an ingest. */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface ArticleFile {
  text: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

export function statArticle(path: string): { size: number; mtimeMs: number } {
  const st = statSync(path);
  if (!st.isFile()) throw new ArticleError('not a regular file');
  return { size: st.size, mtimeMs: Math.round(st.mtimeMs) };
}

/** Read and validate one file: not empty, not binary, valid UTF-8, not huge. */
export function readArticleFile(path: string): ArticleFile {
  const { size, mtimeMs } = statArticle(path);
  if (size === 0) throw new ArticleError('file is empty');
  if (size > MAX_ARTICLE_BYTES) throw new ArticleError(`file is too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_ARTICLE_BYTES / 1048576} MB)`);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new ArticleError(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (buf.includes(0)) throw new ArticleError('file is binary (contains NUL bytes)');
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new ArticleError('file is not valid UTF-8');
  }
  if (!text.trim()) throw new ArticleError('file has no text');
  return { text, hash: createHash('sha256').update(buf).digest('hex'), size, mtimeMs };
}
