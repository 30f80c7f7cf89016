import {
  ChannelType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
  type SlashCommandChannelOption,
  type SlashCommandStringOption,
} from 'discord.js';
import { specOf, type CommandSpec, type OptionSpec } from '../briefing/index.ts';
import { topicLabel } from './render.ts';

/** A fixed choice's display name: topics read as "NATO", "Security guarantees"; other values as given. */
function choiceName(value: string): string {
  return value === value.toLowerCase() ? topicLabel(value) : value;
}

function stringOption(o: SlashCommandStringOption, spec: OptionSpec): SlashCommandStringOption {
  o.setName(spec.name).setDescription(spec.description).setRequired(Boolean(spec.required));
  if (spec.maxLength) o.setMaxLength(spec.maxLength);
  if (spec.choices?.length) o.addChoices(...spec.choices.map((v) => ({ name: choiceName(v), value: v })));
  else if (spec.autocomplete) o.setAutocomplete(true);
  return o;
}

function channelOption(o: SlashCommandChannelOption, spec: OptionSpec): SlashCommandChannelOption {
  return o
    .setName(spec.name)
    .setDescription(spec.description)
    .setRequired(Boolean(spec.required))
    .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement);
}

/** Anything that takes options: a command or a subcommand. */
type OptionHost = Pick<SlashCommandSubcommandBuilder, 'addStringOption' | 'addChannelOption'>;

function addOption(host: OptionHost, spec: OptionSpec): void {
  if (spec.type === 'channel') host.addChannelOption((o) => channelOption(o, spec));
  else host.addStringOption((o) => stringOption(o, spec));
}

/**
 * The one place an `OptionSpec` becomes builder calls: name, description, required, max_length,
 * choices or autocomplete, subcommands, and Manage Server for settings commands.
 */
export function buildSlashCommand(spec: CommandSpec): SlashCommandBuilder {
  const b = new SlashCommandBuilder().setName(spec.name).setDescription(spec.description);
  if (spec.manageGuild) b.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  if (spec.subcommands?.length) {
    for (const sub of spec.subcommands) {
      b.addSubcommand((s) => {
        s.setName(sub.name).setDescription(sub.description);
        for (const o of sub.options) addOption(s, o);
        return s;
      });
    }
  } else {
    for (const o of spec.options) addOption(b as unknown as OptionHost, o);
  }
  return b;
}

/** The builder for a command declared in COMMAND_SPECS. */
export function buildFromSpec(name: string): SlashCommandBuilder {
  const spec = specOf(name);
  if (!spec) throw new Error(`No command spec named "${name}" in COMMAND_SPECS`);
  return buildSlashCommand(spec);
}
