import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.ts';
import type { DigestService } from '../digest/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { AnswerCache } from './cache.ts';
import type { Precondition } from './preconditions.ts';

/**
 * Long-lived services a handler may need beyond the store (a digest service, a scheduler, …).
 * Add a field here when you add a service; handlers check for it before use.
 */
export interface BotServices {
  /** `/digest set|off|preview|status` (every shard; only the scheduler shard sends digests). */
  digest?: DigestService;
  [name: string]: unknown;
}

/** Everything a handler gets: the composition root for the Discord transport. */
export interface BotContext {
  store: Store;
  log: Logger;
  config: Config;
  /** Answers whose buttons are still live (pages, Sources, did-you-mean). */
  answers: AnswerCache;
  /** Per-user cooldown clocks, keyed by `command:user`. */
  cooldowns: Map<string, number>;
  services: BotServices;
}

/** A slash command's definition, as both the bot and the deploy script read it. */
export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** Handles buttons whose custom_id starts with `${prefix}:`; `args` are the remaining `:`-separated parts. */
export interface ButtonHandler {
  prefix: string;
  handle(interaction: ButtonInteraction, ctx: BotContext, args: string[]): Promise<void>;
}

/** One slash command (the discord.js guide's convention): data + execute, plus optional extras. */
export interface Command {
  data: CommandData;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  buttons?: ButtonHandler;
  /** Checked in order before `execute`; the first failure is answered ephemerally. */
  preconditions?: readonly Precondition[];
  /** The work may pass Discord's 3 s window: the router calls `deferReply()` before `execute`. */
  defer?: boolean;
}
