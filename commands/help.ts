import type { ChatInputCommandInteraction } from 'discord.js';
import { buildFromSpec } from '../src/discord/builder.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/help`: what Parley can do, with examples. */
export const data = buildFromSpec('help');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'help');
}
