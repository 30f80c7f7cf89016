import type { ChatInputCommandInteraction } from 'discord.js';
import { buildFromSpec } from '../src/discord/builder.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/sources`: the indexed articles with title, outlet, date, link and counts. */
export const data = buildFromSpec('sources');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'sources');
}
