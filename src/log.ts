/** A small levelled logger to stderr. Secrets registered with `redact` never reach the output. */

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
export type LogLevel = keyof typeof LEVELS;

const secrets = new Set<string>();
// Discord bot tokens have a recognisable shape; mask them even when nobody registered them.
const TOKEN_SHAPE = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;

export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

export function scrub(text: string): string {
  let out = text.replace(TOKEN_SHAPE, '[redacted]');
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type Sink = (line: string) => void;

export function createLogger(level: LogLevel = 'info', sink: Sink = (l) => process.stderr.write(l + '\n')): Logger {
  const min = LEVELS[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return;
    let extra = '';
    if (fields) {
      const plain = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? `${v.name}: ${v.message}` : v]),
      );
      extra = ' ' + JSON.stringify(plain);
    }
    sink(scrub(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
