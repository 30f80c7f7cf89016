import type { ChatInputCommandInteraction } from 'discord.js';
import { nameAutocomplete } from '../src/discord/autocomplete.ts';
import { buildFromSpec } from '../src/discord/builder.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/position actor [topic]`: an actor's stated positions, grouped by topic, each line cited. */
export const data = buildFromSpec('position');

export const autocomplete = nameAutocomplete('actor');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'position');
}
