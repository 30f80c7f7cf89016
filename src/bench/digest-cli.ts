/**
 * `tsx src/bench/digest-cli.ts --digest N [--json] [--concurrency C]`: the digest delivery benchmark
 * (see ./digest.ts). Exits 1 when a digest was not delivered exactly once, 2 on bad arguments.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { positiveInt, readFlags } from './args.ts';
import { formatDigestBench, runDigestBench } from './digest.ts';

const USAGE = 'Usage: npm run -s bench -- --digest N [--json] [--concurrency C]';

export function parseDigestArgs(argv: string[]): { schedules: number; json: boolean; concurrency?: number } {
  const out: { schedules: number; json: boolean; concurrency?: number } = { schedules: 1000, json: false };
  readFlags(argv, (flag, value) => {
    if (flag === '--digest') out.schedules = positiveInt(flag, value());
    else if (flag === '--json') out.json = true;
    else if (flag === '--concurrency') out.concurrency = positiveInt(flag, value());
    else return false;
    return true;
  });
  return out;
}

/** `npm run -s bench -- --digest N [--json]` lands here (src/bench/main.ts hands over). Returns the exit code. */
export async function digestMain(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseDigestArgs>;
  try {
    args = parseDigestArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const result = await runDigestBench(args);
  console.log(args.json ? JSON.stringify(result, null, 2) : formatDigestBench(result));
  return result.exactlyOnce ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = await digestMain(process.argv.slice(2));
