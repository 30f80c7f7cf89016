import type { ChatInputCommandInteraction } from 'discord.js';
import { buildFromSpec } from '../src/discord/builder.ts';
import { cooldown } from '../src/discord/preconditions.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/figures [topic] [about]`: the numbers that matter, each with the clause that states it. */
export const data = buildFromSpec('figures');

/** Scans every figure: deferred, and rate-limited per user. */
export const defer = true;
export const preconditions = [cooldown()];

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'figures');
}
