/**
 * Broken article files in one batch: each is ingested or rejected with its reason, none hangs the
 * ingest, and the good file in the same batch is added. The batch runs in a child process with a
 * deadline, so a hang (a FIFO read, a runaway regex) fails the test instead of hanging the suite.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/ingest/index.ts';
import { loadGazetteer, normalizeArticle } from '../../src/ingest/index.ts';
import { extractArticle, indexGazetteer } from '../../src/nlp/index.ts';
import { checkFts, makeTmpDir, orphans, SEEDS_DIR } from '../helpers/tmp.ts';
import { batchFiles, seed } from './broken-files.ts';
import { spawnScript } from './child.ts';

const isRoot = process.getuid?.() === 0;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What each file must come to: `added`, or `rejected` with a reason matching the pattern. */
const EXPECTED: Record<string, 'added' | RegExp> = {
  '01-empty.txt': /empty/,
  '02-binary.txt': /binary/,
  '03-invalid-utf8.txt': /not valid UTF-8/,
  '04-ten-megabytes.txt': /too large/,
  '06-broken-front-matter.md': /front matter is not valid YAML/,
  '07-unclosed-front-matter.md': /not closed/,
  '08-url-is-a-number.md': /"url"/,
  '09-title-is-a-list.md': /"title"/,
  '10-title-is-a-mapping.md': /"title"/,
  '11-url-javascript.md': /"url".*http/,
  '12-unbalanced-quotes.txt': 'added',
  '13-quote-without-speaker.txt': 'added',
  '14-only-page-chrome.txt': /no article text/,
  '15-crlf-and-bom.txt': 'added',
  '18-utf16.txt': /UTF-16/,
  '19-yaml-billion-laughs.md': /front matter/,
  '20-yaml-deep-flow-nesting.md': /front matter is nested too deeply/,
  '20b-yaml-deep-block-nesting.md': /front matter is nested too deeply/,
  '20c-yaml-huge.md': /front matter is too long/,
  '22-control-characters.txt': 'added',
  '23-whitespace-only.txt': /no text/,
  '24-front-matter-only.md': /no article text/,
  '25-title-too-long.md': /"title"/,
  '27-emoji-headline.txt': 'added',
  '28-bidi-and-zero-width.txt': 'added',
  '99-good.txt': 'added',
};

describe('a batch of broken article files', () => {
  let dir: string;
  let batch: string;
  let dbPath: string;
  let reports: IngestReport[];
  let db: Database.Database;
  const files = batchFiles();
  const outcome = (name: string) => {
    const path = join(batch, name);
    const all = reports.flatMap((r) => [
      ...r.added.map((a) => ({ file: a.file, what: 'added', reason: '' })),
      ...r.rejected.map((x) => ({ file: x.file, what: 'rejected', reason: x.reason })),
      ...r.skipped.map((f) => ({ file: f, what: 'skipped', reason: '' })),
    ]);
    return all.filter((x) => x.file === path || x.file === name);
  };

  beforeAll(async () => {
    dir = makeTmpDir('parley-broken-');
    batch = join(dir, 'batch');
    mkdirSync(batch);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(batch, name), content);
    // A directory whose name looks like an article, holding a real one.
    mkdirSync(join(batch, '16-directory.txt'));
    writeFileSync(join(batch, '16-directory.txt', 'inner.txt'), seed(2));
    // chmod 000: as root (as these tests usually run) this is still readable; see the test below.
    chmodSync(join(batch, '17-unreadable.txt'), 0o000);
    // A FIFO called .txt: reading it would block forever. Walked past in a folder; named directly, refused.
    execFileSync('mkfifo', [join(batch, '21-fifo.txt')]);
    // A symlink loop called .txt.
    symlinkSync('26-symlink-loop.txt', join(batch, '26-symlink-loop.txt'));
    dbPath = join(dir, 'data', 'parley.db');
    const child = spawnScript('ingest-child.ts', [dbPath, SEEDS_DIR, batch, join(batch, '21-fifo.txt'), join(batch, '26-symlink-loop.txt'), join(dir, 'missing.txt')]);
    child.proc.stdin.end();
    const timer = setTimeout(() => child.proc.kill('SIGKILL'), 45_000);
    const exit = await child.exited;
    clearTimeout(timer);
    expect(exit.signal, `the ingest hung and was killed; it had printed:\n${child.lines.join('\n').slice(0, 3000)}\n${exit.stderr}`).toBeNull();
    expect(exit.code, exit.stderr).toBe(0);
    reports = child.lines.filter((l) => l.startsWith('report ')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as IngestReport);
    expect(reports).toHaveLength(4);
    db = new Database(dbPath, { readonly: true });
  }, 60_000);

  afterAll(() => db?.close());

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected === 'added' ? 'added' : `rejected (${expected.source})`}`, () => {
      const got = outcome(name);
      expect(got, JSON.stringify(got)).toHaveLength(1);
      if (expected === 'added') expect(got[0], JSON.stringify(got[0])).toMatchObject({ what: 'added' });
      else {
        expect(got[0].what).toBe('rejected');
        expect(got[0].reason).toMatch(expected);
      }
    });
  }

  it('a 100,000-character single line is ingested or rejected with a reason', () => {
    const got = outcome('05-one-line-100k.txt');
    expect(got).toHaveLength(1);
    if (got[0].what === 'rejected') expect(got[0].reason).not.toBe('');
    else expect(got[0].what).toBe('added');
  });

  it('the good file in the same batch is added, with its quotes', () => {
    const row = db.prepare(`SELECT a.title, (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes FROM articles a WHERE path = ?`).get(join(batch, '99-good.txt')) as { title: string; quotes: number };
    expect(row.title).toContain('Witkov');
    expect(row.quotes).toBeGreaterThan(0);
  });

  it('a directory named x.txt is walked, not read: its article is added, the directory is not rejected', () => {
    expect(outcome('16-directory.txt')).toEqual([]);
    expect(outcome(join('16-directory.txt', 'inner.txt'))).toMatchObject([{ what: 'added' }]);
  });

  it('a FIFO named .txt never blocks the ingest: skipped in a folder, refused when named', () => {
    const got = outcome('21-fifo.txt');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ what: 'rejected' });
    expect(got[0].reason).toMatch(/not a regular file/);
  });

  it('a symlink loop named .txt is refused with its reason when named, skipped in a folder', () => {
    const got = outcome('26-symlink-loop.txt');
    expect(got).toHaveLength(1);
    expect(got[0].reason).toMatch(/ELOOP/);
  });

  it('a path that does not exist is reported', () => {
    expect(reports[3].rejected).toEqual([{ file: join(dir, 'missing.txt'), reason: 'no such file or directory' }]);
  });

  // Tests run as root here, and root reads a chmod 000 file; the rejection can only be checked as a normal user.
  it.skipIf(isRoot)('an unreadable file (chmod 000) is rejected with its reason', () => {
    expect(outcome('17-unreadable.txt')).toMatchObject([{ what: 'rejected', reason: expect.stringMatching(/EACCES/) }]);
  });
  it.runIf(isRoot)('an unreadable file (chmod 000) is read anyway by root, and added', () => {
    expect(outcome('17-unreadable.txt')).toMatchObject([{ what: 'added' }]);
  });

  it('CRLF line endings and a BOM give the same article as the LF original', () => {
    const index = indexGazetteer(loadGazetteer(SEEDS_DIR));
    const lf = normalizeArticle(seed(1), 'x.txt');
    const row = db.prepare(`SELECT a.id, a.title, a.body FROM articles a WHERE path = ?`).get(join(batch, '15-crlf-and-bom.txt')) as { id: number; title: string; body: string };
    expect(row.title).toBe(lf.title);
    expect(row.body).toBe(lf.body);
    expect(row.body).not.toMatch(/[\r\uFEFF]/);
    const sentences = db.prepare('SELECT COUNT(*) FROM sentences WHERE article_id = ?').pluck().get(row.id);
    expect(sentences).toBe(extractArticle(lf.body, index).sentences.length);
  });

  it('unbalanced and unclosed quotes: every stored quotation is verbatim article text', () => {
    const rows = db
      .prepare(`SELECT q.text, substr(a.body, q.start + 1, q.end - q.start) AS span FROM quotes q JOIN articles a ON a.id = q.article_id`)
      .all() as { text: string; span: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.span).toBe(r.text);
    const unbalanced = db.prepare(`SELECT q.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.path = ?`).pluck().all(join(batch, '12-unbalanced-quotes.txt')) as string[];
    for (const t of unbalanced) expect(t).not.toMatch(/then the line ended|nothing more and nothing less|And this one is not/);
  });

  it('a quotation nobody is said to have said is not attributed to anyone', () => {
    const n = db.prepare(`SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.path = ?`).pluck().get(join(batch, '13-quote-without-speaker.txt'));
    expect(n).toBe(0);
  });

  it('control characters never reach a stored title or body; titles never end in half an emoji', () => {
    const rows = db.prepare('SELECT path, title, body FROM articles').all() as { path: string; title: string; body: string }[];
    for (const r of rows) {
      expect(r.title, r.path).not.toMatch(CONTROL);
      expect(r.body.replace(/[\n\t]/g, ''), r.path).not.toMatch(CONTROL);
      expect(r.title, r.path).not.toMatch(LONE_SURROGATE);
    }
    const ctl = rows.find((r) => r.path.endsWith('22-control-characters.txt'))!;
    expect(ctl.title).toBe('Talks [31mresume[0m in Geneva');
  });

  it('the database is whole: integrity, foreign keys, no orphans, FTS in step', () => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const o = orphans(db);
    expect(o.fk).toEqual([]);
    expect(o.records).toBe(0);
    const added = reports.reduce((n, r) => n + r.added.length, 0);
    expect(db.prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(added);
    const rw = new Database(dbPath);
    try {
      checkFts(rw);
    } finally {
      rw.close();
    }
  });
});
