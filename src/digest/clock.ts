/**
 * Time as the digest sees it. Production uses `systemClock`; tests pass a `manualClock` so that
 * waits (429 Retry-After, backoff) take no real time and can be asserted on.
 */
export interface Clock {
  now(): Date;
  /** Wait `ms`. A manual clock advances itself instead of waiting. */
  sleep(ms: number): Promise<void>;
}

/** `Date` and `setTimeout`: the same sources node-cron reads, so vitest fake timers drive both. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface ManualClock extends Clock {
  set(at: Date | string | number): void;
  advance(ms: number): void;
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
}

/** A clock that only moves when told to; `sleep(ms)` advances it by `ms` and resolves at once. */
export function manualClock(start: Date | string | number): ManualClock {
  let t = new Date(start).getTime();
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
    sleeps,
  };
}
