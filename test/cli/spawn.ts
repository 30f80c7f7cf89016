/** Run Parley's entry points as a user would: a real Node process with tsx, a temp cwd and a clean environment. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/tmp.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export const CLI = join(ROOT, 'src/cli/main.ts');
export const MAIN = join(ROOT, 'src/main.ts');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without anything Parley reads, plus `env`. No token: the console, never Discord. */
export function cleanEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DISCORD_|DATABASE_PATH$|SEEDS_DIR$|LOG_LEVEL$|SHARD_|DIGEST_|RESCAN_|COOLDOWN_)/.test(k)) continue;
    out[k] = v;
  }
  return { ...out, ...env };
}

export interface Exit extends RunResult {
  signal: NodeJS.Signals | null;
}

/**
 * Run a TypeScript script in its own Node process (through tsx) until it exits or is killed,
 * collecting its output. `env` replaces the environment when given (default: this process's).
 */
export function runScript(script: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Exit> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', TSX, script, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', fail);
    p.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

export function runTs(script: string, args: string[], options: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
