import type { ChatInputCommandInteraction } from 'discord.js';
import { buildFromSpec } from '../src/discord/builder.ts';
import { cooldown } from '../src/discord/preconditions.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/search query`: the best-matching sentences across all articles, typos forgiven. */
export const data = buildFromSpec('search');

/** Full-text search plus fuzzy re-ranking: deferred, and rate-limited per user. */
export const defer = true;
export const preconditions = [cooldown()];

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'search');
}
