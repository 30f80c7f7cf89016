import { TOPICS } from '../nlp/index.ts';
import type { Store } from '../store/index.ts';
import { figures } from './figures.ts';
import { help } from './help.ts';
import { positions } from './positions.ts';
import { quotes } from './quotes.ts';
import { search } from './search.ts';
import { sources } from './sources.ts';
import type { Answer } from './types.ts';

/** A command's options as every transport declares them: Discord builders, console and CLI parsers. */
export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'channel';
  required?: boolean;
  choices?: readonly string[];
  autocomplete?: 'actor' | 'speaker' | 'timezone';
  maxLength?: number;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  subcommands?: CommandSpec[];
  /** Needs Manage Server. */
  manageGuild?: boolean;
}

const topicOption = (description: string): OptionSpec => ({ name: 'topic', description, type: 'string', choices: TOPICS });

export const COMMAND_SPECS: CommandSpec[] = [
  {
    name: 'position',
    description: 'What an actor (state, bloc or person) has said it wants, by topic',
    options: [
      { name: 'actor', description: 'Who: russia, ukraine, putin, the kremlin…', type: 'string', required: true, autocomplete: 'actor', maxLength: 100 },
      topicOption('Only this topic'),
    ],
  },
  {
    name: 'quote',
    description: 'Who said what, verbatim, with the article it came from',
    options: [
      { name: 'speaker', description: 'Who: witkoff, zelensky, the kremlin, or a party like russia', type: 'string', required: true, autocomplete: 'speaker', maxLength: 100 },
      { name: 'about', description: 'Only quotations about this', type: 'string', maxLength: 200 },
    ],
  },
  {
    name: 'figures',
    description: 'The numbers that matter: troop caps, plan points, days of ceasefire',
    options: [topicOption('Only figures on this topic'), { name: 'about', description: 'Only figures about this', type: 'string', maxLength: 200 }],
  },
  {
    name: 'search',
    description: 'Search every indexed sentence (typos forgiven)',
    options: [{ name: 'query', description: 'What to look for', type: 'string', required: true, maxLength: 200 }],
  },
  { name: 'sources', description: 'The indexed articles', options: [] },
  { name: 'help', description: 'What Parley can do, with examples', options: [] },
  {
    name: 'digest',
    description: "This server's daily briefing",
    manageGuild: true,
    options: [],
    subcommands: [
      {
        name: 'set',
        description: 'Post a daily briefing to a channel at a local time',
        options: [
          { name: 'channel', description: 'Where to post', type: 'channel', required: true },
          { name: 'time', description: 'Local time, HH:MM (24-hour)', type: 'string', required: true, maxLength: 5 },
          { name: 'timezone', description: 'IANA time zone, e.g. Europe/Kyiv', type: 'string', required: true, autocomplete: 'timezone', maxLength: 64 },
          { name: 'actors', description: 'Only these actors, comma-separated (default: all)', type: 'string', maxLength: 200 },
          { name: 'topics', description: 'Only these topics, comma-separated (default: all)', type: 'string', maxLength: 200 },
          { name: 'quiet', description: 'With nothing new: skip (default) or post a short note', type: 'string', choices: ['skip', 'note'] },
        ],
      },
      { name: 'off', description: 'Stop the daily briefing', options: [{ name: 'channel', description: 'Which channel (default: all)', type: 'channel' }] },
      { name: 'preview', description: 'What the briefing would post now (only you see it)', options: [] },
      { name: 'status', description: 'Next run, last delivery and its outcome', options: [] },
    ],
  },
];

export const QUESTION_NAMES = ['position', 'quote', 'figures', 'search', 'sources', 'help'] as const;
export type QuestionName = (typeof QUESTION_NAMES)[number];

export function isQuestion(name: string): name is QuestionName {
  return (QUESTION_NAMES as readonly string[]).includes(name);
}

export function specOf(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name);
}

/** Clip option values to their declared length: a 6,000-character paste is read, not choked on. */
function clip(spec: CommandSpec, options: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of spec.options) {
    const v = options[o.name];
    out[o.name] = v === undefined ? undefined : v.slice(0, o.maxLength ?? 200);
  }
  return out;
}

/** Answer one question. Transports parse options their own way and all call this. */
export function answerQuestion(store: Store, name: QuestionName, rawOptions: Record<string, string | undefined>): Answer {
  const o = clip(specOf(name)!, rawOptions);
  switch (name) {
    case 'position':
      return positions(store, { actor: o.actor ?? '', topic: o.topic });
    case 'quote':
      return quotes(store, { speaker: o.speaker ?? '', about: o.about });
    case 'figures':
      return figures(store, { topic: o.topic, about: o.about });
    case 'search':
      return search(store, { query: o.query ?? '' });
    case 'sources':
      return sources(store);
    case 'help':
      return help();
  }
}
