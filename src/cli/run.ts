import { answerQuestion, isQuestion, type Answer } from '../briefing/index.ts';
import type { Store } from '../store/index.ts';
import { parseCommand } from './parse.ts';

export type RunResult = { ok: true; answer: Answer } | { ok: false; error: string };

/** Parse and answer one command line, as the console and the CLI both do. */
export function runCommandLine(store: Store, input: string | string[]): RunResult {
  const parsed = parseCommand(input);
  if (!parsed.ok) return parsed;
  if (!isQuestion(parsed.command)) {
    return { ok: false, error: `/${parsed.command} belongs to a Discord server: run it in Discord, where Parley knows which server and channel you mean.` };
  }
  try {
    return { ok: true, answer: answerQuestion(store, parsed.command, parsed.options) };
  } catch (e) {
    return { ok: false, error: `Something went wrong answering /${parsed.command}: ${(e as Error).message}` };
  }
}
