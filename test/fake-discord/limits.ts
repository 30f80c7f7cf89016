/**
 * Validation of outgoing message / interaction-response payloads against
 * Discord's documented limits.
 *
 * Lengths are measured in UTF-16 code units (`string.length`), which is never
 * smaller than what Discord counts — i.e. this is the conservative choice.
 */
import type { Json } from './payloads.ts';

export const DiscordLimits = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  componentsV2Total: 40,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  modalTitle: 45,
} as const;

const IS_COMPONENTS_V2 = 1 << 15;

/** Interaction callback types. */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

export class DiscordLimitError extends Error {
  constructor(
    message: string,
    readonly violations: string[],
  ) {
    super(message);
    this.name = 'DiscordLimitError';
  }
}

export interface LimitCheckOptions {
  /** Require `allowed_mentions: { parse: [] }` on message payloads. Default true. */
  requireAllowedMentions?: boolean;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);

function checkMax(out: string[], where: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) out.push(`${where} is ${value.length} chars (max ${max})`);
}

function checkEmbeds(out: string[], embeds: unknown): void {
  if (embeds == null) return;
  if (!Array.isArray(embeds)) {
    out.push('embeds must be an array');
    return;
  }
  if (embeds.length > DiscordLimits.embedsPerMessage) {
    out.push(`${embeds.length} embeds (max ${DiscordLimits.embedsPerMessage})`);
  }
  let total = 0;
  embeds.forEach((e: unknown, i) => {
    if (!isObj(e)) return;
    const at = `embeds[${i}]`;
    checkMax(out, `${at}.title`, e.title, DiscordLimits.embedTitle);
    checkMax(out, `${at}.description`, e.description, DiscordLimits.embedDescription);
    checkMax(out, `${at}.footer.text`, e.footer?.text, DiscordLimits.embedFooterText);
    checkMax(out, `${at}.author.name`, e.author?.name, DiscordLimits.embedAuthorName);
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    const fields: unknown = e.fields;
    if (fields != null) {
      if (!Array.isArray(fields)) out.push(`${at}.fields must be an array`);
      else {
        if (fields.length > DiscordLimits.embedFields) {
          out.push(`${at} has ${fields.length} fields (max ${DiscordLimits.embedFields})`);
        }
        fields.forEach((f: unknown, j) => {
          if (!isObj(f)) return;
          const fat = `${at}.fields[${j}]`;
          if (typeof f.name !== 'string' || f.name.length === 0) out.push(`${fat}.name must be a non-empty string`);
          if (typeof f.value !== 'string' || f.value.length === 0) out.push(`${fat}.value must be a non-empty string`);
          checkMax(out, `${fat}.name`, f.name, DiscordLimits.embedFieldName);
          checkMax(out, `${fat}.value`, f.value, DiscordLimits.embedFieldValue);
          total += len(f.name) + len(f.value);
        });
      }
    }
  });
  if (total > DiscordLimits.embedTotal) {
    out.push(`embeds contain ${total} characters in total (max ${DiscordLimits.embedTotal})`);
  }
}

function checkButton(out: string[], at: string, c: Json, ids: Set<string>): void {
  const style = c.style;
  if (style === 5) {
    if (typeof c.url !== 'string') out.push(`${at} is a link button without url`);
  } else if (style !== 6) {
    if (typeof c.custom_id !== 'string' || c.custom_id.length === 0) out.push(`${at} needs a custom_id`);
  }
  checkMax(out, `${at}.label`, c.label, DiscordLimits.buttonLabel);
  checkCustomId(out, at, c, ids);
}

function checkCustomId(out: string[], at: string, c: Json, ids: Set<string>): void {
  if (typeof c.custom_id !== 'string') return;
  checkMax(out, `${at}.custom_id`, c.custom_id, DiscordLimits.customId);
  if (ids.has(c.custom_id)) out.push(`${at}.custom_id "${c.custom_id}" is duplicated within the message`);
  ids.add(c.custom_id);
}

function checkSelect(out: string[], at: string, c: Json, ids: Set<string>): void {
  if (typeof c.custom_id !== 'string' || c.custom_id.length === 0) out.push(`${at} needs a custom_id`);
  checkCustomId(out, at, c, ids);
  checkMax(out, `${at}.placeholder`, c.placeholder, DiscordLimits.selectPlaceholder);
  for (const k of ['min_values', 'max_values'] as const) {
    if (typeof c[k] === 'number' && (c[k] < 0 || c[k] > DiscordLimits.selectOptions)) {
      out.push(`${at}.${k} is ${c[k]} (0..${DiscordLimits.selectOptions})`);
    }
  }
  if (c.type === 3) {
    const options: unknown = c.options;
    if (!Array.isArray(options) || options.length === 0) out.push(`${at} (string select) needs 1..25 options`);
    else {
      if (options.length > DiscordLimits.selectOptions) {
        out.push(`${at} has ${options.length} options (max ${DiscordLimits.selectOptions})`);
      }
      options.forEach((o: unknown, k) => {
        if (!isObj(o)) return;
        for (const f of ['label', 'value', 'description'] as const) {
          checkMax(out, `${at}.options[${k}].${f}`, o[f], DiscordLimits.selectOptionText);
        }
      });
    }
  }
}

function checkComponents(out: string[], components: unknown, flags: number): void {
  if (components == null) return;
  if (!Array.isArray(components)) {
    out.push('components must be an array');
    return;
  }
  const ids = new Set<string>();
  if (flags & IS_COMPONENTS_V2) {
    let count = 0;
    const visit = (list: unknown, at: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((c: unknown, i) => {
        if (!isObj(c)) return;
        count++;
        const here = `${at}[${i}]`;
        if (c.type === 2) checkButton(out, here, c, ids);
        else if ([3, 5, 6, 7, 8].includes(c.type)) checkSelect(out, here, c, ids);
        visit(c.components, `${here}.components`);
        if (isObj(c.accessory)) {
          count++;
          if (c.accessory.type === 2) checkButton(out, `${here}.accessory`, c.accessory, ids);
        }
      });
    };
    visit(components, 'components');
    if (count > DiscordLimits.componentsV2Total) {
      out.push(`${count} components in total (max ${DiscordLimits.componentsV2Total})`);
    }
    return;
  }
  if (components.length > DiscordLimits.actionRows) {
    out.push(`${components.length} action rows (max ${DiscordLimits.actionRows})`);
  }
  components.forEach((row: unknown, i) => {
    const at = `components[${i}]`;
    if (!isObj(row) || row.type !== 1) {
      out.push(`${at} must be an action row (type 1)`);
      return;
    }
    const children: unknown = row.components;
    if (!Array.isArray(children) || children.length === 0) {
      out.push(`${at} must contain 1..5 components`);
      return;
    }
    const buttons = children.filter((c: unknown) => isObj(c) && c.type === 2);
    const others = children.length - buttons.length;
    if (buttons.length > DiscordLimits.buttonsPerRow) {
      out.push(`${at} has ${buttons.length} buttons (max ${DiscordLimits.buttonsPerRow})`);
    }
    if (others > 0 && children.length > 1) out.push(`${at}: a select menu must be alone in its action row`);
    children.forEach((c: unknown, j) => {
      if (!isObj(c)) return;
      const cat = `${at}.components[${j}]`;
      if (c.type === 2) checkButton(out, cat, c, ids);
      else if ([3, 5, 6, 7, 8].includes(c.type)) checkSelect(out, cat, c, ids);
      else if (c.type === 4) checkCustomId(out, cat, c, ids);
    });
  });
}

function checkAllowedMentions(out: string[], body: Json): void {
  const am = body.allowed_mentions;
  if (!isObj(am)) {
    out.push('allowed_mentions is missing (expected { parse: [] })');
  } else if (!Array.isArray(am.parse) || am.parse.length !== 0) {
    out.push(`allowed_mentions.parse must be [] (got ${JSON.stringify(am.parse)})`);
  }
}

/** Violations of a message payload (channel message, followup, edit, callback data). */
export function messageViolations(body: Json, opts: LimitCheckOptions = {}): string[] {
  const out: string[] = [];
  if (body.content != null && typeof body.content !== 'string') out.push('content must be a string');
  checkMax(out, 'content', body.content, DiscordLimits.content);
  checkEmbeds(out, body.embeds);
  checkComponents(out, body.components, typeof body.flags === 'number' ? body.flags : 0);
  if (opts.requireAllowedMentions ?? true) checkAllowedMentions(out, body);
  return out;
}

function choicesViolations(data: Json): string[] {
  const out: string[] = [];
  const choices: unknown = data.choices;
  if (!Array.isArray(choices)) return ['autocomplete result needs a choices array'];
  if (choices.length > DiscordLimits.autocompleteChoices) {
    out.push(`${choices.length} autocomplete choices (max ${DiscordLimits.autocompleteChoices})`);
  }
  choices.forEach((c: unknown, i) => {
    if (!isObj(c)) return;
    if (typeof c.name !== 'string' || c.name.length === 0) out.push(`choices[${i}].name must be a non-empty string`);
    checkMax(out, `choices[${i}].name`, c.name, DiscordLimits.choiceName);
    checkMax(out, `choices[${i}].value`, c.value, DiscordLimits.choiceValue);
  });
  return out;
}

function modalViolations(data: Json): string[] {
  const out: string[] = [];
  checkMax(out, 'modal title', data.title, DiscordLimits.modalTitle);
  checkMax(out, 'modal custom_id', data.custom_id, DiscordLimits.customId);
  if (Array.isArray(data.components) && data.components.length > 5) {
    out.push(`modal has ${data.components.length} components (max 5)`);
  }
  return out;
}

const MESSAGE_KEYS = ['content', 'embeds', 'components', 'allowed_mentions', 'attachments', 'flags', 'nonce'];

/** True when `body` looks like an interaction callback (`{ type, data? }`) rather than a message payload. */
export function isInteractionCallback(body: Json): boolean {
  return typeof body.type === 'number' && !MESSAGE_KEYS.some((k) => k in body);
}

/** All limit violations in `body` (empty array = OK). Accepts a message payload or an interaction callback body. */
export function findLimitViolations(body: unknown, opts: LimitCheckOptions = {}): string[] {
  if (!isObj(body)) return [`payload must be an object (got ${body === null ? 'null' : typeof body})`];
  if (isInteractionCallback(body)) {
    const data = isObj(body.data) ? body.data : undefined;
    switch (body.type) {
      case CallbackType.ChannelMessageWithSource:
        if (!data) return ['interaction callback type 4 needs data'];
        return messageViolations(data, opts);
      case CallbackType.UpdateMessage:
        return messageViolations(data ?? {}, opts);
      case CallbackType.ApplicationCommandAutocompleteResult:
        return choicesViolations(data ?? {});
      case CallbackType.Modal:
        return modalViolations(data ?? {});
      default:
        return [];
    }
  }
  return messageViolations(body, opts);
}

/**
 * Throws a `DiscordLimitError` describing every violated limit in an outgoing
 * message payload or interaction callback body. `context` (e.g. the route) is
 * prefixed to the message.
 */
export function assertWithinDiscordLimits(body: unknown, context?: string, opts?: LimitCheckOptions): void {
  const violations = findLimitViolations(body, opts);
  if (violations.length) {
    const where = context ? ` (${context})` : '';
    throw new DiscordLimitError(
      `Payload violates Discord limits${where}:\n  - ${violations.join('\n  - ')}`,
      violations,
    );
  }
}

// ---------------------------------------------------------------- outgoing collection

/** Minimal shape needed from the fake (keeps this module free of server imports). */
export interface RecordedLike {
  method: string;
  path: string;
  body: Json | null;
  injected?: boolean;
}

export type OutgoingKind =
  | 'interaction-callback'
  | 'autocomplete-result'
  | 'modal'
  | 'followup'
  | 'webhook-edit'
  | 'channel-message'
  | 'channel-edit';

export interface OutgoingPayload {
  kind: OutgoingKind;
  /** `METHOD path`, handy as the `context` argument of `assertWithinDiscordLimits`. */
  label: string;
  /** The full request body (for callbacks: `{ type, data }`). */
  body: Json;
  request: RecordedLike;
}

const RE_CALLBACK = /^\/interactions\/[^/]+\/[^/]+\/callback$/;
const RE_FOLLOWUP = /^\/webhooks\/[^/]+\/[^/]+$/;
const RE_WEBHOOK_EDIT = /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/;
const RE_CHANNEL_MSG = /^\/channels\/[^/]+\/messages$/;
const RE_CHANNEL_EDIT = /^\/channels\/[^/]+\/messages\/\d+$/;

/**
 * Every message-creating/-editing payload the bot sent to the fake: interaction
 * callbacks of type 4/7 (plus autocomplete results and modals), followups,
 * webhook (interaction) message edits, channel messages and channel message
 * edits. Requests answered by an injected fault are included too (the bot did
 * try to send them); retries therefore appear once per attempt.
 */
export function collectOutgoingMessages(fake: { requests: readonly RecordedLike[] }): OutgoingPayload[] {
  const out: OutgoingPayload[] = [];
  for (const r of fake.requests) {
    if (!r.body) continue;
    const label = `${r.method} ${r.path}`;
    let kind: OutgoingKind | null = null;
    if (r.method === 'POST' && RE_CALLBACK.test(r.path)) {
      const t = r.body.type;
      if (t === CallbackType.ChannelMessageWithSource || t === CallbackType.UpdateMessage) kind = 'interaction-callback';
      else if (t === CallbackType.ApplicationCommandAutocompleteResult) kind = 'autocomplete-result';
      else if (t === CallbackType.Modal) kind = 'modal';
    } else if (r.method === 'POST' && RE_FOLLOWUP.test(r.path)) kind = 'followup';
    else if (r.method === 'PATCH' && RE_WEBHOOK_EDIT.test(r.path)) kind = 'webhook-edit';
    else if (r.method === 'POST' && RE_CHANNEL_MSG.test(r.path)) kind = 'channel-message';
    else if (r.method === 'PATCH' && RE_CHANNEL_EDIT.test(r.path)) kind = 'channel-edit';
    if (kind) out.push({ kind, label, body: r.body, request: r });
  }
  return out;
}

/** Runs `assertWithinDiscordLimits` over everything `collectOutgoingMessages` finds. */
export function assertAllOutgoingWithinLimits(fake: { requests: readonly RecordedLike[] }, opts?: LimitCheckOptions): number {
  const all = collectOutgoingMessages(fake);
  for (const o of all) assertWithinDiscordLimits(o.body, o.label, opts);
  return all.length;
}

// ---------------------------------------------------------------- application commands

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(out: string[], where: string, name: unknown, chatInput: boolean): number {
  if (typeof name !== 'string' || name.length === 0) {
    out.push(`${where}: name is required`);
    return 0;
  }
  if (chatInput) {
    if (!COMMAND_NAME.test(name)) out.push(`${where}: name "${name}" must be 1-32 word characters without spaces`);
    if (name !== name.toLowerCase()) out.push(`${where}: name "${name}" must be lowercase`);
  } else if (name.length > 32) out.push(`${where}: name "${name}" is longer than 32`);
  return name.length;
}

function checkDescription(out: string[], where: string, d: unknown): number {
  if (typeof d !== 'string' || d.length < 1 || d.length > 100) {
    out.push(`${where}: description must be 1-100 characters (got ${typeof d === 'string' ? d.length : typeof d})`);
  }
  return len(d);
}

function checkCommandOptions(out: string[], where: string, options: unknown): number {
  if (options == null) return 0;
  if (!Array.isArray(options)) {
    out.push(`${where}: options must be an array`);
    return 0;
  }
  if (options.length > 25) out.push(`${where}: ${options.length} options (max 25)`);
  let chars = 0;
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((o: unknown, i) => {
    if (!isObj(o)) return;
    const at = `${where}.options[${i}]${typeof o.name === 'string' ? `(${o.name})` : ''}`;
    chars += checkName(out, at, o.name, true);
    chars += checkDescription(out, at, o.description);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) out.push(`${at}: duplicate option name`);
      names.add(o.name);
    }
    if (o.type === 1 || o.type === 2) {
      chars += checkCommandOptions(out, at, o.options);
      return;
    }
    if (o.required && seenOptional) out.push(`${at}: required options must come before optional ones`);
    if (!o.required) seenOptional = true;
    if (Array.isArray(o.choices)) {
      if (o.choices.length > 25) out.push(`${at}: ${o.choices.length} choices (max 25)`);
      if (o.autocomplete) out.push(`${at}: autocomplete and choices are mutually exclusive`);
      o.choices.forEach((c: unknown, k: number) => {
        if (!isObj(c)) return;
        if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) out.push(`${at}.choices[${k}]: name must be 1-100 characters`);
        checkMax(out, `${at}.choices[${k}].value`, c.value, DiscordLimits.choiceValue);
        chars += len(c.name) + (typeof c.value === 'string' ? c.value.length : String(c.value ?? '').length);
      });
    }
  });
  return chars;
}

/** Violations in one application command definition (as sent to PUT/POST /applications/.../commands). */
export function commandViolations(cmd: unknown): string[] {
  if (!isObj(cmd)) return ['command must be an object'];
  const out: string[] = [];
  const type = cmd.type ?? 1;
  const where = `command ${typeof cmd.name === 'string' ? `"${cmd.name}"` : '?'}`;
  let chars = checkName(out, where, cmd.name, type === 1);
  if (type === 1) {
    chars += checkDescription(out, where, cmd.description);
    chars += checkCommandOptions(out, where, cmd.options);
  }
  if (chars > 4000) out.push(`${where}: ${chars} characters in names/descriptions/choices (max 4000)`);
  return out;
}
