import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
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

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export function statArticle(path: string): { size: number; mtimeMs: number } {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new ArticleError(`cannot be read (${code(e)})`);
  }
  if (!st.isFile()) throw new ArticleError(st.isDirectory() ? 'is a directory, not a file' : 'not a regular file');
  return { size: st.size, mtimeMs: Math.round(st.mtimeMs) };
}

/**
 * Read and validate one file: a regular file, not empty, not huge, not binary, valid UTF-8. The file
 * is opened once, without blocking, and checked through that handle, so a FIFO (even one swapped in
 * after a stat) or a file grown past the limit is refused instead of hanging or exhausting memory.
 */
export function readArticleFile(path: string): ArticleFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new ArticleError(`cannot be read (${code(e)})`);
  }
  let buf: Buffer;
  let size: number;
  let mtimeMs: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ArticleError(st.isDirectory() ? 'is a directory, not a file' : 'not a regular file');
    size = st.size;
    mtimeMs = Math.round(st.mtimeMs);
    if (size === 0) throw new ArticleError('file is empty');
    if (size > MAX_ARTICLE_BYTES) throw new ArticleError(`file is too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_ARTICLE_BYTES / 1048576} MB)`);
    buf = Buffer.alloc(size);
    let read = 0;
    try {
      for (let n = 1; n > 0 && read < size; read += n) n = readSync(fd, buf, read, size - read, read);
    } catch (e) {
      throw new ArticleError(`cannot be read (${code(e)})`);
    }
    buf = buf.subarray(0, read); // a file that shrank while we read it
  } finally {
    closeSync(fd);
  }
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new ArticleError('file is UTF-16 text; save it as UTF-8');
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
