/**
 * `npm start` with a token, as a user runs it: a real Node process (src/main.ts) logs in to the fake
 * Discord, ingests SEEDS_DIR first, answers a slash command and shuts down cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chatInput, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import { cleanEnv, MAIN } from '../cli/spawn.ts';
import { embedText, FAKE_TOKEN, SEEDS_DIR, tmpDir, waitForMessages } from './harness.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('npm start with DISCORD_TOKEN', () => {
  it('ingests the seeds, logs in, answers /quote and exits 0 on SIGTERM', async () => {
    fake = await startFakeDiscord();
    const dir = tmpDir();
    const seeds = join(dir, 'seeds');
    cpSync(SEEDS_DIR, seeds, { recursive: true });
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd: dir,
      env: cleanEnv({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_BASE: fake.restBase, DATABASE_PATH: join(dir, 'parley.db'), SEEDS_DIR: seeds, RESCAN_MINUTES: '0', LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await fake.waitForIdentify(() => true, 20_000);
      expect(out).toMatch(/seeds: 5 added, 0 updated, 0 unchanged, 0 rejected/);
      const sent = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }));
      const [msg] = await waitForMessages(fake, sent, 1, 15_000);
      expect(embedText(msg.data)).toContain('We’ve got it down to one issue');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: shutting down');
    expect(out).not.toContain(FAKE_TOKEN);
  }, 60_000);
});
