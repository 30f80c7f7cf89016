import type { ChatInputCommandInteraction } from 'discord.js';
import { nameAutocomplete } from '../src/discord/autocomplete.ts';
import { buildFromSpec } from '../src/discord/builder.ts';
import { runQuestion } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/** `/quote speaker [about]`: verbatim quotations, newest first, each with its article. */
export const data = buildFromSpec('quote');

export const autocomplete = nameAutocomplete('speaker');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await runQuestion(interaction, ctx, 'quote');
}
