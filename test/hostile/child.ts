/** Spawning the hostile suite's child scripts: `node --import tsx`, stdout read line by line. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  lines: string[];
  /** Called once per stdout line from now on. */
  onLine(f: (line: string) => void): void;
  /** Resolves with the first line that satisfies `test` (or rejects when the process exits first). */
  waitFor(test: (line: string) => boolean): Promise<string>;
  /** Resolves when the process is gone. */
  exited: Promise<Exit>;
}

/** Run `test/hostile/<script>` with tsx in a child process; stdin stays open for the caller. */
export function spawnScript(script: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', TSX, join(HERE, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let buffered = '';
  let stderr = '';
  let gone: Exit | null = null;
  const exitWaiters: ((e: Exit) => void)[] = [];
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const f of [...listeners]) f(line);
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  proc.stdin.on('error', () => {}); // EPIPE when the child was killed while we wrote
  const exited = new Promise<Exit>((res) =>
    proc.on('close', (code, signal) => {
      gone = { code, signal, stderr };
      for (const w of exitWaiters.splice(0)) w(gone);
      res(gone);
    }),
  );
  const onLine = (f: (line: string) => void) => listeners.push(f);
  const waitFor = (test: (line: string) => boolean) =>
    new Promise<string>((res, rej) => {
      const seen = lines.find(test);
      if (seen !== undefined) return res(seen);
      const exit = (e: Exit) => rej(new Error(`${script} exited (${e.signal ?? e.code}) before the expected line\n${e.stderr.slice(-2000)}`));
      if (gone) return exit(gone);
      exitWaiters.push(exit);
      const f = (line: string) => {
        if (!test(line)) return;
        listeners.splice(listeners.indexOf(f), 1);
        exitWaiters.splice(exitWaiters.indexOf(exit), 1);
        res(line);
      };
      listeners.push(f);
    });
  return { proc, lines, onLine, waitFor, exited };
}
