import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

export async function startBot(_config: Config, log: Logger): Promise<void> {
  log.error('The Discord bot is not built yet.');
  process.exitCode = 1;
}
