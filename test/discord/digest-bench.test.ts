/**
 * The digest benchmark scenario (`src/bench/digest.ts`) at a small scale: many schedules due in the
 * same minute, the fake Discord enforcing the 50 requests/s global limit, every digest delivered
 * exactly once. Timing is reported by the benchmark, not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { formatDigestBench, runDigestBench } from '../../src/bench/digest.ts';
import { parseDigestArgs } from '../../src/bench/digest-cli.ts';

describe('digest benchmark scenario', () => {
  it('60 schedules due in the same minute against a 50/s global limit: every digest exactly once', async () => {
    const r = await runDigestBench({ schedules: 60 });
    expect(r.problems).toEqual([]);
    expect(r.exactlyOnce).toBe(true);
    expect(r.outcomes).toEqual({ sent: 60 });
    expect(r.messages).toBe(60); // one message per digest, as the floor assumes
    expect(r.delivered).toBe(60);
    expect(r.requests).toBe(60 + r.rateLimited); // every 429 was retried once it had waited, nothing else
    expect(r.floorMs).toBe(1200);
    expect(formatDigestBench(r)).toMatch(/every digest exactly once/);
  });

  it('reads --digest N [--json] [--concurrency C]', () => {
    expect(parseDigestArgs(['--digest', '1000'])).toEqual({ schedules: 1000, json: false });
    expect(parseDigestArgs(['--digest=50', '--json', '--concurrency', '8'])).toEqual({ schedules: 50, json: true, concurrency: 8 });
    expect(() => parseDigestArgs(['--digest', 'lots'])).toThrow(/positive whole number/);
    expect(() => parseDigestArgs(['--articles', '5'])).toThrow(/unknown option/);
  });
});
