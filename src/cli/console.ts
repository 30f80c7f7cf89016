import { createInterface } from 'node:readline';
import type { Store } from '../store/index.ts';
import { renderText } from './render.ts';
import { runCommandLine } from './run.ts';

/**
 * The local console: slash commands as text, one per line, answered as the bot would. Reads piped
 * input line by line and resolves at end of input.
 */
export async function runConsole(store: Store, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);
  if (interactive) {
    write('Parley console — type /help, or /quit to leave.');
    rl.setPrompt('parley> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) {
      if (interactive) rl.prompt();
      continue;
    }
    if (/^\/?(quit|exit)$/i.test(line)) break;
    const result = runCommandLine(store, line);
    write(result.ok ? renderText(result.answer) : result.error);
    write('');
    if (interactive) rl.prompt();
  }
  rl.close();
}
