/** Command-line flags shared by the benchmark entry points: `--flag value`, `--flag=value`. */

export function positiveInt(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number`);
  return n;
}

/** Walk argv; `handle` returns false for a flag it does not know, which is an error. */
export function readFlags(argv: string[], handle: (flag: string, value: () => string | undefined) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (!handle(flag, () => inline ?? argv[++i])) throw new Error(`unknown option ${a}`);
  }
}
