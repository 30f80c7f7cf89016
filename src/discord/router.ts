import { MessageFlags, type Interaction } from 'discord.js';
import { BUILTIN_BUTTONS } from './buttons.ts';
import { Identifiers, UserError, runPreconditions, userErrorText } from './preconditions.ts';
import { errorEmbed } from './render.ts';
import { noPings } from './respond.ts';
import type { BotContext, ButtonHandler, Command } from './types.ts';

/** What the logs call an interaction: `/quote`, `button ans`, … */
export function interactionLabel(i: Interaction): string {
  if (i.isChatInputCommand() || i.isAutocomplete()) return `/${i.commandName}`;
  if (i.isButton()) return `button ${i.customId.split(':')[0]}`;
  if (i.isMessageComponent() || i.isModalSubmit()) return `component ${i.customId.split(':')[0]}`;
  return `interaction type ${i.type}`;
}

export interface Router {
  (interaction: Interaction): Promise<void>;
  commands: ReadonlyMap<string, Command>;
}

/**
 * The `interactionCreate` handler: autocomplete first, then slash commands (preconditions, defer
 * when the command may be slow, execute), then buttons by custom_id prefix. One catch answers every
 * failure ephemerally — `followUp` once something was sent, else `reply` — logs it with the command
 * name, and never rethrows.
 */
export function createRouter(commands: readonly Command[], ctx: BotContext, extraButtons: readonly ButtonHandler[] = []): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const buttons = new Map<string, ButtonHandler>();
  for (const b of [...BUILTIN_BUTTONS, ...extraButtons, ...commands.flatMap((c) => (c.buttons ? [c.buttons] : []))]) {
    if (buttons.has(b.prefix)) throw new Error(`Two button handlers use the prefix "${b.prefix}"`);
    buttons.set(b.prefix, b);
  }

  const route = async (i: Interaction): Promise<void> => {
    if (i.isAutocomplete()) {
      const cmd = byName.get(i.commandName);
      if (cmd?.autocomplete) await cmd.autocomplete(i, ctx);
      else await i.respond([]);
      return;
    }
    if (i.isChatInputCommand()) {
      const cmd = byName.get(i.commandName);
      if (!cmd) throw new UserError(Identifiers.UnknownCommand, { command: i.commandName });
      const pre = runPreconditions(cmd.preconditions, i, ctx, i.commandName);
      if (!pre.ok) throw pre.error;
      if (cmd.defer) await i.deferReply();
      await cmd.execute(i, ctx);
      return;
    }
    if (i.isButton()) {
      const [prefix, ...args] = i.customId.split(':');
      const handler = buttons.get(prefix);
      if (!handler) throw new UserError(Identifiers.AnswerExpired);
      await handler.handle(i, ctx, args);
    }
  };

  const router = (async (i: Interaction): Promise<void> => {
    try {
      await route(i);
    } catch (e) {
      await answerError(i, e, ctx);
    }
  }) as Router;
  router.commands = byName;
  return router;
}

/** The one error path: tell the user privately, log with the command name, never throw. */
export async function answerError(i: Interaction, e: unknown, ctx: BotContext): Promise<void> {
  const label = interactionLabel(i);
  const user = e instanceof UserError;
  try {
    if (user) ctx.log.debug(`refused ${label}: ${e.identifier}`, { command: label, user: i.user.id });
    else ctx.log.error(`interaction failed: ${label}`, { command: label, user: i.user.id, guild: i.guildId ?? 'dm', error: e });
    if (!user && e instanceof Error && e.stack) ctx.log.debug(e.stack);
  } catch {
    /* a logger must not break the error path */
  }
  try {
    if (i.isAutocomplete()) {
      if (!i.responded) await i.respond([]);
      return;
    }
    if (!i.isRepliable()) return;
    const text = user ? userErrorText(e) : userErrorText(new UserError(Identifiers.Unexpected));
    const body = { embeds: [errorEmbed(text)], flags: MessageFlags.Ephemeral, allowedMentions: noPings() } as const;
    const thinking = i.isChatInputCommand() && i.deferred && !i.replied;
    if (thinking && i.ephemeral) {
      // A private "thinking…" placeholder becomes the error.
      await i.editReply({ embeds: body.embeds, allowedMentions: noPings() });
    } else if (thinking) {
      // A public "thinking…" placeholder would hang forever: remove it, then answer privately.
      await i.deleteReply().catch(() => undefined);
      await i.followUp(body);
    } else if (i.deferred || i.replied) {
      await i.followUp(body);
    } else {
      await i.reply(body);
    }
  } catch (err) {
    try {
      ctx.log.error(`could not report an error to the user: ${label}`, { command: label, error: err });
    } catch {
      /* ignore */
    }
  }
}
