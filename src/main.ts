import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger, redact } from './log.ts';
import { runConsole } from './cli/console.ts';

/**
 * `npm start`: with DISCORD_TOKEN, run the bot; without it, ingest the seeds and open the local
 * console that answers the same slash commands as text.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  redact(config.DISCORD_TOKEN);
  const log = createLogger(config.LOG_LEVEL);
  if (config.DISCORD_TOKEN) {
    const { startBot } = await import('./discord/index.ts');
    await startBot(config, log);
    return;
  }
  const app = createApp(config);
  const report = await app.syncSeedsInBulk();
  log.info(`seeds: ${report.added.length} added, ${report.updated.length} updated, ${report.skipped.length} unchanged, ${report.rejected.length} rejected`);
  for (const r of report.rejected) log.warn(`rejected ${r.file}: ${r.reason}`);
  try {
    await runConsole(app.store);
  } finally {
    app.close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `parley: ${(e as Error).message}`);
  process.exit(1);
});
