import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console.ts';
import { copySeeds, makeTmpDir, seededApp, type SeededApp } from '../helpers/tmp.ts';
import { MAIN, runTs } from './spawn.ts';

const INPUT = '/quote witkoff\n/position russia topic:nato\n/nonsense\n';

/** Run the console over in-memory streams; resolves with everything it wrote. */
async function consoleOutput(s: SeededApp, input: string): Promise<string> {
  const stdin = new PassThrough();
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const finished = runConsole(s.store, stdin, stdout);
  stdin.end(input);
  await finished;
  return out;
}

describe('runConsole', () => {
  let s: SeededApp;
  beforeAll(() => {
    s = seededApp();
  });

  it('answers each line as the bot would, politely refusing nonsense, and ends at end of input', async () => {
    const out = await consoleOutput(s, INPUT);
    expect(out).toContain('Quotes of Steve Witkoff');
    expect(out).toMatch(/^ ?\d+\. “We’ve got it down to one issue.*” — Steve Witkoff \[1\]/m);
    expect(out).toContain('“a lot of progress” — Steve Witkoff');
    expect(out).toContain('Positions of Russia on nato');
    expect(out).toMatch(/^NATO$/m);
    expect(out).toContain('cannot join the North Atlantic Treaty Organization');
    expect(out).toMatch(/^Unknown command “nonsense”\. Commands: .*\/quote/m);
    expect(out).not.toMatch(/Error|at .*\.ts:\d+/);
    // The answers come in the order asked.
    expect(out.indexOf('Quotes of Steve Witkoff')).toBeLessThan(out.indexOf('Positions of Russia on nato'));
    expect(out.indexOf('Positions of Russia on nato')).toBeLessThan(out.indexOf('Unknown command'));
  });

  it('skips blank lines and # comments, stops at /quit, and reads a last line without a newline', async () => {
    const out = await consoleOutput(s, '\n   \n# a comment\n/sources\n/quit\n/help\n');
    expect(out).toContain('5 articles indexed');
    expect(out).not.toContain('a comment');
    expect(out).not.toContain('What Parley can do');
    expect(out).not.toContain('Parley — sourced briefings');
    const last = await consoleOutput(s, '/quote putin');
    expect(last).toContain('Quotes of Vladimir Putin');
  });

  it('tells the user that server settings belong to Discord', async () => {
    const out = await consoleOutput(s, '/digest status\n/digest\n');
    expect(out).toMatch(/\/digest belongs to a Discord server/);
    expect(out).toMatch(/\/digest needs one of: set, off, preview, status/);
  });

  it('answers a typo and an unknown name politely', async () => {
    const out = await consoleOutput(s, '/quote wittkof\n/position zzzzqq\n/position russia topic:weather\n');
    expect(out).toMatch(/Note: Showing results for Steve Witkoff/);
    expect(out).toMatch(/Note: I don't know an? actor called “zzzzqq”/);
    expect(out).toMatch(/topic must be one of/);
  });
});

describe('npm start without DISCORD_TOKEN', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = makeTmpDir('parley-start-');
    copySeeds(cwd);
  });

  it('ingests ./seeds into ./data/parley.db and answers piped commands, exiting 0', async () => {
    const r = await runTs(MAIN, [], { cwd, input: INPUT, env: { DISCORD_TOKEN: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Quotes of Steve Witkoff');
    expect(r.stdout).toContain('“a lot of progress” — Steve Witkoff');
    expect(r.stdout).toContain('Positions of Russia on nato');
    expect(r.stdout).toContain('cannot join the North Atlantic Treaty Organization');
    expect(r.stdout).toMatch(/Unknown command “nonsense”/);
    expect(r.stderr).toMatch(/seeds: 5 added, 0 updated, 0 unchanged, 0 rejected/);
    const db = join(cwd, 'data', 'parley.db');
    expect(existsSync(db)).toBe(true);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it('a second start skips the unchanged seeds', async () => {
    const r = await runTs(MAIN, [], { cwd, input: '/sources\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('5 articles indexed');
    expect(r.stderr).toMatch(/seeds: 0 added, 0 updated, 5 unchanged, 0 rejected/);
  });

  it('reads ./.env (LOG_LEVEL=silent, an empty DISCORD_TOKEN= means no token)', async () => {
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=silent\nDISCORD_TOKEN=\n');
    const r = await runTs(MAIN, [], { cwd, input: '/quote putin\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Quotes of Vladimir Putin');
    expect(r.stderr).toBe('');
  });

  it('a bad setting stops start-up with one line naming the variable', async () => {
    const r = await runTs(MAIN, [], { cwd, input: '', env: { DISCORD_GUILD_ID: 'abc' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('DISCORD_GUILD_ID');
    expect(r.stdout).toBe('');
  });
});
