import type { Command } from '../src/discord/types.ts';
import * as digest from './digest.ts';
import * as figures from './figures.ts';
import * as help from './help.ts';
import * as position from './position.ts';
import * as quote from './quote.ts';
import * as search from './search.ts';
import * as sources from './sources.ts';

/**
 * Every slash command, in the order Discord lists them. The bot routes by this list and
 * `npm run -s deploy` registers exactly this list. To add a command: one file exporting `data` and
 * `execute` (and optionally `autocomplete`, `buttons`, `preconditions`, `defer`), then one line here.
 */
export const COMMANDS: readonly Command[] = [position, quote, figures, search, sources, help, digest];
