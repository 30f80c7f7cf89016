import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS_DIR, copySeeds, makeTmpDir } from '../helpers/tmp.ts';
import { CLI, runTs, type RunResult } from './spawn.ts';

interface JsonCitation {
  article: number;
  title: string;
  outlet?: string | null;
  url?: string | null;
  sentence: string;
}
interface JsonItem {
  text: string;
  speaker?: string;
  actor?: string;
  topic?: string | null;
  citation: JsonCitation;
  sources?: { text: string; citation: JsonCitation }[];
}
interface JsonAnswer {
  title: string;
  items: JsonItem[];
  notice?: string;
  suggestions?: string[];
}

let dir: string;
let env: Record<string, string>;
const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> => runTs(CLI, args, { cwd: dir, env: { ...env, ...extraEnv } });

function json(r: RunResult): JsonAnswer {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonAnswer;
}

function expectAnswerShape(a: JsonAnswer): void {
  expect(typeof a.title).toBe('string');
  expect(Array.isArray(a.items)).toBe(true);
  for (const it of a.items) {
    expect(typeof it.text).toBe('string');
    expect(typeof it.citation.article).toBe('number');
    expect(typeof it.citation.title).toBe('string');
    expect(typeof it.citation.sentence).toBe('string');
    expect(it.citation.sentence).toContain(it.text);
    for (const s of it.sources ?? []) {
      expect(typeof s.text).toBe('string');
      expect(s.citation.sentence).toContain(s.text);
      expect(s.citation.article).not.toBe(it.citation.article);
    }
  }
}

let firstRun: RunResult;
beforeAll(async () => {
  dir = makeTmpDir('parley-cli-');
  env = { DATABASE_PATH: join(dir, 'data', 'parley.db'), SEEDS_DIR: copySeeds(dir) };
  // The first run ingests the seeds; the tests below then run side by side against the same database.
  firstRun = await cli(['quote', 'witkoff', '--json']);
});

// Each test spawns its own process; running them concurrently keeps the file fast.
describe.concurrent('npm run cli -- <question>', () => {
  it('quote witkoff --json ingests the seeds and prints the Answer as JSON', () => {
    const a = json(firstRun);
    expect(firstRun.stderr).not.toMatch(/rejected/);
    expect(a.title).toBe('Quotes of Steve Witkoff');
    expect(a.items.length).toBeGreaterThanOrEqual(10);
    expectAnswerShape(a);
    expect(a.items.map((i) => i.text)).toContain('a lot of progress');
    expect(a.items.every((i) => i.speaker === 'Steve Witkoff')).toBe(true);
    expect(a.items.some((i) => i.sources?.length)).toBe(true);
    // The cited sentences are the database's own.
    expect(existsSync(env.DATABASE_PATH)).toBe(true);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(5);
      for (const it of a.items) {
        const body = db.prepare('SELECT body FROM articles WHERE id = ?').pluck().get(it.citation.article) as string;
        expect(body).toContain(it.citation.sentence);
      }
    } finally {
      db.close();
    }
  });

  it('position russia topic:nato --json has only NATO items, all Russia’s', async () => {
    const a = json(await cli(['position', 'russia', 'topic:nato', '--json']));
    expect(a.title).toBe('Positions of Russia on nato');
    expect(a.items.length).toBeGreaterThan(0);
    expectAnswerShape(a);
    for (const it of a.items) {
      expect(it.topic).toBe('nato');
      expect(it.actor).toBe('Russia');
    }
  });

  it('prints a plain-text answer without --json', async () => {
    const r = await cli(['position', 'russia', 'topic:nato']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Positions of Russia on nato');
    expect(lines[1]).toMatch(/^Russia — \d+ statements? on 1 topic from \d+ articles?$/);
    expect(lines).toContain('NATO');
    expect(r.stdout).toMatch(/^ 1\. .+ \[1\]/m);
    expect(r.stdout).toMatch(/^Sources$/m);
    expect(r.stdout).toMatch(/^\[1\] \S/m);
  });

  it('quote nobodyhere --json exits 0 with a notice; a multi-word argument stays one value', async () => {
    const [one, two] = await Promise.all([cli(['quote', 'nobodyhere', '--json']), cli(['quote', 'witkoff', 'about:one issue', '--json'])]);
    const a = json(one);
    expect(a.items).toEqual([]);
    expect(a.notice).toMatch(/nobodyhere/);
    const b = json(two);
    expect(b.title).toBe('Quotes of Steve Witkoff about “one issue”');
    expect(b.items.length).toBeGreaterThan(0);
  });

  it('hostile search text exits 0 and leaves the articles alone', async () => {
    const a = json(await cli(['search', "'; DROP TABLE articles; -- \"NEAR(* one issue", '--json']));
    expectAnswerShape(a);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(5);
    } finally {
      db.close();
    }
  });

  it('an unknown command exits non-zero with usage on stderr', async () => {
    const r = await cli(['bogus']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unknown command “bogus”/);
    expect(r.stderr).toMatch(/Usage:/);
    expect(r.stdout).toBe('');
  });

  it('no arguments exits non-zero with usage on stderr', async () => {
    const r = await cli([]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Usage:/);
    expect(r.stdout).toBe('');
  });

  it('a bad option value is misuse: non-zero, saying which option', async () => {
    const r = await cli(['position', 'russia', 'topic:weather']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/topic must be one of/);
  });

  it('a bad setting stops it with one line naming the variable', async () => {
    const r = await cli(['sources'], { LOG_LEVEL: 'loud' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('LOG_LEVEL');
  });
});

describe.concurrent('npm run cli -- ingest', () => {
  it('prints what was added, rejected (with the reason) and, the second time, skipped', async () => {
    const articles = join(makeTmpDir('parley-ingest-'), 'articles');
    copySeeds(join(articles, '..'), 'articles');
    writeFileSync(join(articles, 'empty.txt'), '');
    writeFileSync(join(articles, 'broken.md'), '---\ntitle: [oops\n---\nBody.\n');
    const ingestEnv = { DATABASE_PATH: join(articles, '..', 'ingest.db') };

    const first = await cli(['ingest', articles], ingestEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.match(/^added +.*\.txt — “.+” \(\d+ quotes?, \d+ positions?, \d+ figures?\)$/gm)).toHaveLength(5);
    expect(first.stdout).toMatch(/^rejected .*empty\.txt: file is empty$/m);
    expect(first.stdout).toMatch(/^rejected .*broken\.md: front matter is not valid YAML/m);
    expect(first.stdout).toMatch(/^5 added, 0 updated, 0 unchanged, 2 rejected$/m);

    const second = await cli(['ingest', articles], ingestEnv);
    expect(second.code).toBe(0);
    expect(second.stdout.match(/^skipped +.*\.txt \(unchanged\)$/gm)).toHaveLength(5);
    expect(second.stdout).toMatch(/^0 added, 0 updated, 5 unchanged, 2 rejected$/m);
  });

  it('needs at least one path', async () => {
    const r = await cli(['ingest']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ingest needs at least one FILE or DIR/);
  });
});

describe.concurrent('npm run cli -- extract --json', () => {
  it('prints articles with canonical speakers and verbatim quotes, positions and figures, without a database', async () => {
    const work = makeTmpDir('parley-extract-');
    const file = join(work, 'moscow.txt');
    copyFileSync(join(SEEDS_DIR, '001_a4b843c2ee7adb06.txt'), file);
    const dbPath = join(work, 'never', 'parley.db');
    const r = await cli(['extract', '--json', file], { DATABASE_PATH: dbPath });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dbPath)).toBe(false);

    const out = JSON.parse(r.stdout) as {
      articles: {
        file: string;
        title: string;
        outlet: string | null;
        published: string | null;
        quotes: { speaker: string; text: string; topic: string | null }[];
        positions: { actor: string; text: string; topic: string }[];
        figures: { text: string; value: number | null; unit: string; topic: string | null }[];
      }[];
    };
    expect(out.articles).toHaveLength(1);
    const a = out.articles[0];
    expect(a.file).toBe(file);
    expect(a.title).toMatch(/^White House envoy Steve Witkoff is in Moscow/);
    expect(a).toHaveProperty('outlet');
    expect(a).toHaveProperty('published');
    const source = readFileSync(file, 'utf8');
    for (const list of [a.quotes, a.positions, a.figures]) {
      expect(list.length).toBeGreaterThan(0);
      for (const x of list) expect(source).toContain(x.text);
    }
    for (const q of a.quotes) {
      expect(typeof q.speaker).toBe('string');
      expect(q).toHaveProperty('topic');
    }
    expect(a.quotes).toContainEqual(expect.objectContaining({ speaker: 'Marco Rubio' }));
    expect(a.quotes.some((q) => q.speaker === 'Vladimir Putin' && q.text === 'If they don’t withdraw, we will achieve this by force')).toBe(true);
    expect(a.positions.some((p) => p.actor === 'Russia' && p.topic === 'nato')).toBe(true);
    for (const f of a.figures) {
      expect(typeof f.unit).toBe('string');
      expect(f).toHaveProperty('value');
      expect(f).toHaveProperty('topic');
    }
    expect(a.figures.find((f) => f.value === 880_000)?.text).toContain('880,000');
  });

  it('reports a bad file in the output instead of failing the run', async () => {
    const work = makeTmpDir('parley-extract-');
    const bad = join(work, 'empty.txt');
    writeFileSync(bad, '');
    const r = await cli(['extract', '--json', bad]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { articles: { file: string; error?: string }[] };
    expect(out.articles).toEqual([{ file: bad, error: 'file is empty' }]);
  });

  it('needs at least one file', async () => {
    const r = await cli(['extract', '--json']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/extract needs at least one FILE/);
  });
});
