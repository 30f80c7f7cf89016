/**
 * Builders for Discord API objects (raw, snake_case, as on the wire) used by the
 * fake Discord and by tests that feed interactions into it.
 *
 * Interaction builders return *partial* INTERACTION_CREATE payloads; the fake's
 * `sendInteraction` fills in everything else (id, token, guild, channel,
 * member, ...). Anything given explicitly wins over the defaults.
 */
import { snowflake } from './snowflake.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

// ---------------------------------------------------------------- permissions

export const PermissionBits = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** OR the given bits together into Discord's decimal-string bitfield form. */
export function permissionString(...bits: bigint[]): string {
  return bits.reduce((acc, b) => acc | b, 0n).toString();
}

const B = PermissionBits;
/** What @everyone typically has in a fresh guild. */
const EVERYONE = permissionString(
  B.CreateInstantInvite, B.AddReactions, B.ViewChannel, B.SendMessages, B.EmbedLinks,
  B.AttachFiles, B.ReadMessageHistory, B.UseExternalEmojis, B.ChangeNickname,
  B.UseApplicationCommands, B.SendMessagesInThreads,
);
/** What a bot typically has in a channel (interaction `app_permissions`). */
const BOT = permissionString(
  B.AddReactions, B.ViewChannel, B.SendMessages, B.EmbedLinks, B.AttachFiles,
  B.ReadMessageHistory, B.UseExternalEmojis, B.SendMessagesInThreads, B.UseApplicationCommands,
);

/** Ready-made permission strings (as they appear in `member.permissions`). */
export const Permissions = {
  None: '0',
  /** 0x8 */
  Administrator: '8',
  /** 0x20 — "Manage Server" */
  ManageGuild: '32',
  /** Typical regular member (the @everyone defaults). */
  Member: EVERYONE,
  /** Regular member who also has Manage Server. */
  MemberWithManageGuild: (BigInt(EVERYONE) | B.ManageGuild).toString(),
  /** Default `app_permissions` used for interactions. */
  Bot: BOT,
} as const;

// ---------------------------------------------------------------- users, members

export const DEFAULT_USER_ID = '100000000000000001';
export const DEFAULT_OWNER_ID = '100000000000000002';
export const DEFAULT_BOT_ID = '100000000000000100';

export interface UserInput {
  id?: string;
  username?: string;
  global_name?: string | null;
  bot?: boolean;
  [k: string]: unknown;
}

export function makeUser(input: UserInput = {}): Json {
  const id = input.id ?? snowflake();
  return {
    id,
    username: input.username ?? `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: input.global_name ?? null,
    avatar: null,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    ...(input.bot ? { bot: true } : {}),
    ...input,
  };
}

/** The (stable) human user interactions come from unless told otherwise. */
export function defaultUser(): Json {
  return makeUser({ id: DEFAULT_USER_ID, username: 'tester', global_name: 'Tester' });
}

export interface MemberInput {
  /** A user object, or just an id. Default: the default test user. */
  user?: Json | string;
  /** Total permissions as a decimal string (interaction members only). Default: Permissions.Member. */
  permissions?: string;
  roles?: string[];
  nick?: string | null;
  joined_at?: string;
  [k: string]: unknown;
}

/**
 * A guild member object. For interactions include `permissions` (the member's
 * computed permissions in the channel) — e.g. `member({ permissions: Permissions.ManageGuild })`.
 * When `roles` is omitted, the fake assigns the guild's roles that grant the
 * given permission bits (so role-based checks agree with `permissions`).
 */
export function member(input: MemberInput = {}): Json {
  const { user: u, permissions, roles, nick, joined_at, ...rest } = input;
  const user = typeof u === 'string' ? makeUser({ id: u }) : (u ?? defaultUser());
  return {
    user,
    nick: nick ?? null,
    avatar: null,
    banner: null,
    ...(roles !== undefined ? { roles } : {}),
    joined_at: joined_at ?? new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    permissions: permissions ?? Permissions.Member,
    ...rest,
  };
}

/** Member with Manage Server (permissions '32'). */
export const manager = (user?: Json | string): Json => member({ user, permissions: Permissions.ManageGuild });
/** Member with Administrator (permissions '8'). */
export const admin = (user?: Json | string): Json => member({ user, permissions: Permissions.Administrator });

// ---------------------------------------------------------------- guilds, channels

export function makeTextChannel(guildId: string, input: Json = {}): Json {
  return {
    id: snowflake(),
    type: 0,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    ...input,
  };
}

export function makeRole(guildId: string, input: Json = {}): Json {
  return {
    id: snowflake(),
    name: 'role',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 1,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0,
    ...input,
  };
}

export interface GuildInput {
  id?: string;
  name?: string;
  owner_id?: string;
  member_count?: number;
  /** Channel overrides; ids/guild_id are filled. Default: one text channel "general". */
  channels?: Json[];
  /** Extra roles (@everyone is always added). Default: "Manager" (Manage Server) and "Admin" (Administrator). */
  roles?: Json[];
  [k: string]: unknown;
}

/** A full GUILD_CREATE-style guild object (gateway fields included). */
export function makeGuild(input: GuildInput = {}): Json {
  const id = input.id ?? snowflake();
  const { channels: ch, roles: rl, ...rest } = input;
  const channels = (ch ?? [{}]).map((c, i) => makeTextChannel(id, { position: i, ...c, guild_id: id }));
  const roles = [
    makeRole(id, { id, name: '@everyone', position: 0, permissions: Permissions.Member }),
    ...(rl ?? [
      { name: 'Manager', position: 1, permissions: Permissions.ManageGuild },
      { name: 'Admin', position: 2, permissions: Permissions.Administrator },
    ]).map((r) => makeRole(id, r)),
  ];
  return {
    id,
    name: 'Fake Guild',
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: DEFAULT_OWNER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles,
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    // gateway-only fields
    joined_at: new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString(),
    large: false,
    unavailable: false,
    member_count: 42,
    voice_states: [],
    members: [],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    ...rest,
  };
}

/** A stored message object as Discord returns it. */
export function makeMessage(input: Json & { channel_id: string; author: Json }): Json {
  return {
    id: snowflake(),
    type: 0,
    content: '',
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    ...input,
  };
}

// ---------------------------------------------------------------- interactions

export type OptionValue = string | number | boolean;
/** Raw option objects, or a shorthand record `{ topic: 'x', count: 3, all: true }` (types inferred). */
export type OptionsInput = ReadonlyArray<Json> | Record<string, OptionValue>;

export const ApplicationCommandOptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const T = ApplicationCommandOptionType;

function normalizeOptions(input: OptionsInput | undefined): Json[] {
  if (!input) return [];
  if (Array.isArray(input)) return [...input] as Json[];
  return Object.entries(input as Record<string, OptionValue>).map(([name, value]) => {
    if (typeof value === 'boolean') return { type: T.Boolean, name, value };
    if (typeof value === 'number') return { type: Number.isInteger(value) ? T.Integer : T.Number, name, value };
    return { type: T.String, name, value };
  });
}

/** Option builders (raw `data.options` entries). */
export const opt = {
  string: (name: string, value: string): Json => ({ type: T.String, name, value }),
  integer: (name: string, value: number): Json => ({ type: T.Integer, name, value }),
  number: (name: string, value: number): Json => ({ type: T.Number, name, value }),
  boolean: (name: string, value: boolean): Json => ({ type: T.Boolean, name, value }),
  /** `resolved.users`/`resolved.members` are generated by `chatInput`. */
  user: (name: string, userId: string): Json => ({ type: T.User, name, value: userId }),
  channel: (name: string, channelId: string): Json => ({ type: T.Channel, name, value: channelId }),
  role: (name: string, roleId: string): Json => ({ type: T.Role, name, value: roleId }),
  subcommand: (name: string, options?: OptionsInput): Json => ({
    type: T.Subcommand,
    name,
    options: normalizeOptions(options),
  }),
  group: (name: string, subcommands: Json[]): Json => ({ type: T.SubcommandGroup, name, options: subcommands }),
  /** The option the user is typing in (autocomplete). */
  focused: (name: string, value: string | number, type: number = T.String): Json => ({
    type,
    name,
    value,
    focused: true,
  }),
};
export const sub = opt.subcommand;
export const group = opt.group;
export const focused = opt.focused;

function walk(options: Json[] | undefined, fn: (o: Json) => void): void {
  for (const o of options ?? []) {
    fn(o);
    if (o.type === T.Subcommand || o.type === T.SubcommandGroup) walk(o.options, fn);
  }
}

function buildResolved(options: Json[]): Json | undefined {
  const resolved: Json = {};
  walk(options, (o) => {
    const id = String(o.value);
    if (o.type === T.User || o.type === T.Mentionable) {
      (resolved.users ??= {})[id] = makeUser({ id });
      const { user: _u, ...m } = member({ user: id, roles: [] });
      (resolved.members ??= {})[id] = m;
    } else if (o.type === T.Channel) {
      (resolved.channels ??= {})[id] = { id, type: 0, name: `channel-${id.slice(-4)}`, permissions: Permissions.Member };
    } else if (o.type === T.Role) {
      (resolved.roles ??= {})[id] = makeRole('0', { id, name: `role-${id.slice(-4)}` });
    }
  });
  return Object.keys(resolved).length ? resolved : undefined;
}

function mergeExtra(base: Json, extra: Json | undefined): Json {
  if (!extra) return base;
  return { ...base, ...extra, data: { ...base.data, ...(extra.data ?? {}) } };
}

/**
 * APPLICATION_COMMAND (type 2) chat-input interaction.
 *
 *   chatInput('ping')
 *   chatInput('brief', { topic: 'tariffs', limit: 3 })
 *   chatInput('config', [sub('set', { key: 'x', value: 'y' })], { member: manager() })
 */
export function chatInput(name: string, options?: OptionsInput, extra?: Json): Json {
  const opts = normalizeOptions(options);
  const resolved = buildResolved(opts);
  return mergeExtra(
    {
      type: 2,
      data: {
        id: snowflake(),
        name,
        type: 1,
        ...(opts.length ? { options: opts } : {}),
        ...(resolved ? { resolved } : {}),
      },
    },
    extra,
  );
}

/** APPLICATION_COMMAND_AUTOCOMPLETE (type 4). Exactly one option (possibly inside a subcommand) must be `focused: true`. */
export function autocomplete(name: string, options: OptionsInput, extra?: Json): Json {
  const opts = normalizeOptions(options);
  let focusedCount = 0;
  walk(opts, (o) => {
    if (o.focused) focusedCount++;
  });
  if (focusedCount !== 1) {
    throw new Error(`autocomplete('${name}'): expected exactly one focused option, got ${focusedCount} (use focused(name, value))`);
  }
  return mergeExtra({ type: 4, data: { id: snowflake(), name, type: 1, options: opts } }, extra);
}

/**
 * MESSAGE_COMPONENT (type 3) button click on a bot message. The fake fills the
 * message's channel_id/author when not given.
 */
export function button(customId: string, messageId?: string, userId?: string, extra?: Json): Json {
  return mergeExtra(
    {
      type: 3,
      data: { custom_id: customId, component_type: 2 },
      message: {
        id: messageId ?? snowflake(),
        content: '',
        components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: customId, label: 'Button' }] }],
      },
      ...(userId ? { member: member({ user: userId }) } : {}),
    },
    extra,
  );
}

/** MESSAGE_COMPONENT (type 3) string select. */
export function stringSelect(customId: string, values: string[], messageId?: string, userId?: string, extra?: Json): Json {
  return mergeExtra(
    {
      type: 3,
      data: { custom_id: customId, component_type: 3, values },
      message: {
        id: messageId ?? snowflake(),
        content: '',
        components: [{ type: 1, components: [{ type: 3, custom_id: customId, options: values.map((v) => ({ label: v, value: v })) }] }],
      },
      ...(userId ? { member: member({ user: userId }) } : {}),
    },
    extra,
  );
}

/** MODAL_SUBMIT (type 5) with text inputs `{ customId: value }`. */
export function modalSubmit(customId: string, fields: Record<string, string>, extra?: Json): Json {
  return mergeExtra(
    {
      type: 5,
      data: {
        custom_id: customId,
        components: Object.entries(fields).map(([id, value]) => ({
          type: 1,
          components: [{ type: 4, custom_id: id, value }],
        })),
      },
    },
    extra,
  );
}

/** `extra` for an interaction in a DM with the bot (no guild, `user` instead of `member`). */
export function inDM(user?: Json | string): Json {
  const u = typeof user === 'string' ? makeUser({ id: user }) : (user ?? defaultUser());
  return { user: u, context: 1 };
}
