import {
  MessageFlags,
  PermissionFlagsBits,
  type APIEmbed,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type GuildBasedChannel,
} from 'discord.js';
import { suggestTimeZones, type DigestService } from '../src/digest/index.ts';
import { buildFromSpec } from '../src/discord/builder.ts';
import { manageGuild } from '../src/discord/preconditions.ts';
import { Colors, DiscordLimits, errorEmbed, renderDigestMessage, renderDigestStatus, settingsText, truncate } from '../src/discord/render.ts';
import { noPings } from '../src/discord/respond.ts';
import type { BotContext } from '../src/discord/types.ts';

/**
 * `/digest set channel time timezone [actors] [topics] [quiet]`, `/digest off [channel]`,
 * `/digest preview`, `/digest status`: a server's daily briefing. Every reply is ephemeral.
 *
 * Manage Server is required twice: as the command's default member permissions (Discord hides it
 * from others, from COMMAND_SPECS' `manageGuild`) and at run time (`manageGuild` precondition), since
 * a server can override the default in its integration settings.
 */
export const data = buildFromSpec('digest');
export const preconditions = [manageGuild];

/** What Parley needs in the digest's channel, with the names Discord's settings show. */
export const DIGEST_CHANNEL_PERMISSIONS = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages' },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links' },
] as const;

const list = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/**
 * The permissions Parley lacks in a channel to post a digest there (empty: it can), computed from
 * the guild's roles and the channel's overwrites for Parley's own member.
 */
export async function missingChannelPermissions(guild: Guild, channelId: string): Promise<string[]> {
  const channel: GuildBasedChannel | null = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel) return ['View Channel'];
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const perms = channel.permissionsFor(me);
  return DIGEST_CHANNEL_PERMISSIONS.filter((p) => !perms?.has(p.flag)).map((p) => p.name);
}

function serviceOf(ctx: BotContext): DigestService {
  const service = ctx.services.digest;
  if (!service) throw new Error('the digest service is not wired into ctx.services');
  return service;
}

const okEmbed = (text: string): APIEmbed => ({ description: truncate(settingsText(text), DiscordLimits.description), color: Colors.answer });
const failEmbed = (text: string): APIEmbed => errorEmbed(settingsText(text));

async function reply(i: ChatInputCommandInteraction, embeds: APIEmbed[], content?: string): Promise<void> {
  const body = { embeds, allowedMentions: noPings(), ...(content ? { content: truncate(content, DiscordLimits.content) } : {}) };
  if (i.deferred && !i.replied) await i.editReply(body);
  else if (i.replied) await i.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await i.reply({ ...body, flags: MessageFlags.Ephemeral });
}

async function set(i: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const channel = i.options.getChannel('channel', true);
  const guild = i.guild ?? (await i.client.guilds.fetch(guildId));
  const missing = await missingChannelPermissions(guild, channel.id);
  if (missing.length) {
    const all = list(DIGEST_CHANNEL_PERMISSIONS.map((p) => p.name));
    // Parley's own sentence (no user text in it): its bold names are meant.
    await reply(i, [
      errorEmbed(
        `I can’t post the briefing in <#${channel.id}>: I’m missing the ${list(missing.map((m) => `**${m}**`))} permission${missing.length > 1 ? 's' : ''} there. ` +
          `Give Parley ${all} in that channel (check the channel’s and its category’s overrides), then run /digest set again.`,
      ),
    ]);
    return;
  }
  const result = serviceOf(ctx).set({
    guildId,
    channelId: channel.id,
    time: i.options.getString('time', true),
    timezone: i.options.getString('timezone', true),
    actors: i.options.getString('actors'),
    topics: i.options.getString('topics'),
    quiet: (i.options.getString('quiet') as 'skip' | 'note' | null) ?? undefined,
    createdBy: i.user.id,
  });
  if (result.ok) ctx.log.info('digest set', { guild: guildId, channel: channel.id, schedule: result.schedule.id, time: result.schedule.time, timezone: result.schedule.timezone, by: i.user.id });
  await reply(i, [result.ok ? okEmbed(result.message) : failEmbed(result.error)]);
}

async function off(i: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const channel = i.options.getChannel('channel');
  const result = serviceOf(ctx).off(guildId, channel?.id);
  if (result.removed) ctx.log.info('digest off', { guild: guildId, channel: channel?.id ?? 'all', removed: result.removed, by: i.user.id });
  await reply(i, [okEmbed(result.message)]);
}

async function preview(i: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const { schedule, parts } = await serviceOf(ctx).preview(guildId);
  const intro = schedule
    ? `Preview: what the briefing for <#${schedule.channelId}> would post now${parts.length > 1 ? ` (${parts.length} messages)` : ''}. Only you can see this.`
    : 'Preview: only you can see this.';
  for (const [k, part] of parts.entries()) {
    await reply(i, renderDigestMessage(part).embeds, k === 0 ? settingsText(intro) : undefined);
  }
}

async function status(i: ChatInputCommandInteraction, ctx: BotContext, guildId: string): Promise<void> {
  const { answer } = serviceOf(ctx).status(guildId);
  const embeds = renderDigestStatus(answer);
  for (const e of embeds) await reply(i, [e]);
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) throw new Error('/digest outside a guild (the ManageGuild precondition should have refused it)');
  switch (interaction.options.getSubcommand(true)) {
    case 'set':
      return set(interaction, ctx, guildId);
    case 'off':
      return off(interaction, ctx, guildId);
    case 'preview':
      return preview(interaction, ctx, guildId);
    case 'status':
      return status(interaction, ctx, guildId);
    default:
      throw new Error(`unknown /digest subcommand ${interaction.options.getSubcommand(false)}`);
  }
}

/** Time zone names as the user types (`kyiv`, `new_y`, `europe/`), at most 25. */
export async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'timezone') {
    await interaction.respond([]);
    return;
  }
  const typed = String(focused.value ?? '').slice(0, 64);
  await interaction.respond(suggestTimeZones(typed, DiscordLimits.choices).map((z) => ({ name: z, value: z })));
}
