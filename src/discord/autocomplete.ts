import type { AutocompleteInteraction, ApplicationCommandOptionChoiceData } from 'discord.js';
import { suggestActors, type ActorRef } from '../search/index.ts';
import type { Store } from '../store/index.ts';
import { DiscordLimits, cleanLine, truncate } from './render.ts';
import type { BotContext } from './types.ts';

export type NameKind = 'actor' | 'speaker';

const KIND_RANK: Record<string, number> = { person: 0, institution: 1, state: 2, bloc: 3 };

/** `Steve Witkoff (United States)`: the party in brackets when it adds something. */
export function actorChoice(a: ActorRef): ApplicationCommandOptionChoiceData<string> {
  const party = a.party && a.party !== a.name ? ` (${a.party})` : '';
  return {
    name: truncate(cleanLine(`${a.name}${party}`), DiscordLimits.choiceName) || truncate(a.name, DiscordLimits.choiceName),
    value: truncate(a.name, DiscordLimits.choiceValue),
  };
}

/**
 * Choices for a name option, fuzzy over the alias table, at most 25. For speakers with nothing typed
 * yet, people come first (they are who gets quoted); typed text keeps the matcher's order.
 */
export function nameChoices(store: Store, typed: string, kind: NameKind): ApplicationCommandOptionChoiceData<string>[] {
  const q = typed.slice(0, 100);
  let actors: ActorRef[];
  if (kind === 'speaker' && !cleanLine(q)) {
    actors = suggestActors(store, '', 1000)
      .map((a, i) => ({ a, i }))
      .sort((x, y) => (KIND_RANK[x.a.kind] ?? 9) - (KIND_RANK[y.a.kind] ?? 9) || x.i - y.i)
      .map((x) => x.a);
  } else {
    actors = suggestActors(store, q, DiscordLimits.choices);
  }
  const seen = new Set<string>();
  const out: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const a of actors) {
    const c = actorChoice(a);
    if (seen.has(c.value)) continue;
    seen.add(c.value);
    out.push(c);
    if (out.length >= DiscordLimits.choices) break;
  }
  return out;
}

/** The autocomplete handler for a command whose name option is `option`. */
export function nameAutocomplete(kind: NameKind) {
  return async (interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> => {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== kind) {
      await interaction.respond([]);
      return;
    }
    await interaction.respond(nameChoices(ctx.store, String(focused.value ?? ''), kind));
  };
}
