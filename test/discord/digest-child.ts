/**
 * A digest scheduler process wired like the bot's scheduler shard (real Discord transport to the
 * fake, digestBuilder over the shared SQLite file, the Discord splitter), for the crash and race tests:
 *
 *   node --import tsx digest-child.ts <db> <apiBase> <token> <now> <mode> <instanceId> [gateDir]
 *
 * - `after-claim`: SIGKILLs itself once the period is claimed, before building or sending anything.
 * - `in-send`: the first part reaches Discord (the fake stores it), then SIGKILL before the ledger
 *   records its message id: that part's outcome is unknown to the ledger.
 * - `race`: writes `<gateDir>/ready-<instanceId>`, waits for `<gateDir>/go`, ticks once, prints the outcomes.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/app.ts';
import { createScheduleStore, createScheduler, digestBuilder, manualClock, type DigestTransport } from '../../src/digest/index.ts';
import { createDigestTransport } from '../../src/discord/digest-transport.ts';
import { splitDigestMessages } from '../../src/discord/render.ts';

const SEEDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../seeds');

const [dbPath, api, token, now, mode, instanceId, gateDir] = process.argv.slice(2);
const app = createApp({ DATABASE_PATH: dbPath, SEEDS_DIR });
const schedules = createScheduleStore(app.db);
const build = digestBuilder(app.store, schedules);
const discord = createDigestTransport({ token, api });

const transport: DigestTransport = {
  async send(channelId, message, options) {
    const res = await discord.send(channelId, message, options);
    if (mode === 'in-send') process.kill(process.pid, 'SIGKILL'); // posted; the ledger never hears of it
    return res;
  },
};

const scheduler = createScheduler({
  store: schedules,
  transport,
  clock: manualClock(now),
  instanceId,
  split: splitDigestMessages,
  buildDigest: (s, w) => {
    if (mode === 'after-claim') process.kill(process.pid, 'SIGKILL'); // claimed, nothing sent
    return build(s, w);
  },
});

if (mode === 'race') {
  writeFileSync(join(gateDir, `ready-${instanceId}`), '');
  while (!existsSync(join(gateDir, 'go'))) await new Promise((r) => setTimeout(r, 2));
}
const report = await scheduler.tick();
process.stdout.write(JSON.stringify(report.outcomes.map((o) => o.status)));
discord.close();
app.close();
