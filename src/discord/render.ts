import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { type Answer, type AnswerItem, type DigestAnswer, type DigestItem, type DigestSection, type Reference } from '../briefing/index.ts';
import { TOPICS } from '../nlp/index.ts';
import { answerButtonId, didYouMeanId } from './cache.ts';

/**
 * `Answer` → embeds and buttons, as pure functions. Every payload stays inside Discord's limits: the
 * splitter measures the real rendered lengths, pages by item count, and only as a last resort
 * shortens one item's text with "…" (never its citation markers).
 */

export const DiscordLimits = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  content: 2000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Items per page: a page is meant to be read, not only to fit. */
export const ITEMS_PER_PAGE = 10;
/** Every footer Parley writes fits in this many characters (pages reserve it before the footer is known). */
const FOOTER_MAX = 120;
/** At most this many [n] markers per line; the rest are counted ("+3"). */
const MAX_MARKERS = 20;
/** A sentence in the Sources view is cut after this many characters. */
const SENTENCE_MAX = 700;

export const Colors = { answer: 0x4f6bed, notice: 0xf0b232, error: 0xed4245 } as const;

export interface AnswerPage {
  embed: APIEmbed;
  /** Indices into `answer.items` shown on this page. */
  items: number[];
}

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

// ------------------------------------------------------------------ text safety

/** One line: no control, bidi-override or line-separator characters, whitespace collapsed. */
export function cleanLine(s: string): string {
  return s
    .replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Break every mention: `@everyone`/`@here` and `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>` get a zero-width space. */
export function defuseMentions(s: string): string {
  return s.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<([@#/])/g, '<\u200b$1');
}

/** Pieces no longer than this go through `escapeMarkdown` one at a time (its italic/underline lookbehinds are quadratic). */
const ESCAPE_CHUNK = 200;

function chunks(s: string): string[] {
  const out: string[] = [];
  for (const token of s.split(/(\s+)/)) {
    let rest = token;
    while (rest.length > ESCAPE_CHUNK) {
      let cut = ESCAPE_CHUNK;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (rest) out.push(rest);
  }
  return out;
}

/**
 * discord.js `escapeMarkdown`, in linear time: inline markers word by word (chunked), then the
 * line-start rules (headings, lists) on the whole line, and masked links broken at `](`.
 */
function escapeText(s: string, keepCode: boolean): string {
  if (!/[\\*_~|`>#\-\d[\]]/.test(s)) return s;
  const inline = { inlineCode: !keepCode, codeBlock: !keepCode, heading: false, bulletedList: false, numberedList: false, maskedLink: false };
  const escaped = chunks(s)
    .map((c) => (/^\s/.test(c) ? c : escapeMarkdown(c, inline)))
    .join('');
  const lineStart = { escape: false, inlineCode: false, codeBlock: false, bold: false, italic: false, underline: false, strikethrough: false, spoiler: false, heading: true, bulletedList: true, numberedList: true };
  return escapeMarkdown(escaped, lineStart).replaceAll('](', ']\\(');
}

/** Untrusted text (article text, user input) made inert: one line, markdown escaped, mentions broken. */
export function safe(s: string): string {
  return defuseMentions(escapeText(cleanLine(s), false));
}

/** Parley's own notices: they use `code` on purpose, but may echo user text, so everything else is escaped. */
export function safeNotice(s: string): string {
  return defuseMentions(escapeText(cleanLine(s), true));
}

/** Cut to `max` UTF-16 units with "…": never splits a surrogate pair nor leaves a dangling backslash escape. */
export function truncate(s: string, max: number, ellipsis = '…'): string {
  if (s.length <= max) return s;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  let cut = max - ellipsis.length;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  let head = s.slice(0, cut);
  const slashes = /\\+$/.exec(head)?.[0].length ?? 0;
  if (slashes % 2 === 1) head = head.slice(0, -1);
  return head.trimEnd() + ellipsis;
}

export function topicLabel(topic: string | null | undefined): string {
  if (!topic) return 'Other';
  if (topic === 'nato') return 'NATO';
  return topic.charAt(0).toUpperCase() + topic.slice(1);
}

export const isTopic = (s: string): boolean => (TOPICS as readonly string[]).includes(s);

// ------------------------------------------------------------------ pieces

export function itemRefs(it: AnswerItem): number[] {
  return [...new Set([it.citation.ref, ...(it.sources ?? []).map((s) => s.citation.ref)])];
}

function markers(refs: number[]): string {
  const shown = refs.slice(0, MAX_MARKERS).map((r) => `[${r}]`).join('');
  return refs.length > MAX_MARKERS ? `${shown}(+${refs.length - MAX_MARKERS})` : shown;
}

/** An http(s) URL safe to put in a markdown link, or null. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const href = u.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
    return href.length <= 512 ? href : null;
  } catch {
    return null;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(published: string | null | undefined): string | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (m) return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
  return truncate(cleanLine(published), 40);
}

/** `[Title](url)` with the title escaped (brackets too), or just the escaped title. */
function linkedTitle(title: string, url: string | null, max: number): string {
  const href = safeUrl(url);
  const text = truncate(cleanLine(title) || 'Untitled', max);
  if (!href) return safe(text);
  // Every original backslash is doubled by now, so each bracket can simply be escaped.
  const inner = safe(text).replace(/[[\]]/g, '\\$&');
  return `[${inner}](${href})`;
}

function referenceMeta(r: Reference): string {
  const meta = [r.outlet ? cleanLine(r.outlet) : null, formatDate(r.published)].filter(Boolean) as string[];
  return meta.length ? ` — ${safe(truncate(meta.join(', '), 100))}` : '';
}

const lineCache = new WeakMap<Reference, string>();

/** `[n] [Title](url) — Outlet, 3 Mar 2025`: one line of the sources list. */
export function referenceLine(r: Reference): string {
  let line = lineCache.get(r);
  if (line === undefined) {
    line = `[${r.ref}] ${linkedTitle(r.title, r.url, 150)}${referenceMeta(r)}`;
    lineCache.set(r, line);
  }
  return line;
}

/** Pack lines into fields of at most 1,024 characters: "Sources", then "Sources (continued)". */
function packFields(lines: string[], name = 'Sources'): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = truncate(raw, DiscordLimits.fieldValue);
    if (cur && cur.length + 1 + line.length > DiscordLimits.fieldValue) {
      fields.push({ name: fields.length ? `${name} (continued)` : name, value: cur });
      cur = '';
    }
    cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) fields.push({ name: fields.length ? `${name} (continued)` : name, value: cur });
  return fields;
}

function referenceFields(answer: Answer, refs: number[], maxLines = Infinity): APIEmbedField[] {
  const byRef = new Map(answer.references.map((r) => [r.ref, r]));
  const known = refs.map((n) => byRef.get(n)).filter((r): r is Reference => Boolean(r));
  if (!known.length) return [];
  const shown = known.slice(0, maxLines);
  const lines = shown.map((r) => referenceLine(r));
  if (shown.length < known.length) lines.push(`…and ${known.length - shown.length} more — press Sources`);
  return packFields(lines);
}

// ------------------------------------------------------------------ measuring

export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Whether one embed respects every per-embed limit (and, alone, the 6,000 total). */
export function embedFits(e: APIEmbed, footerReserve = 0): boolean {
  if ((e.title?.length ?? 0) > DiscordLimits.title) return false;
  if ((e.description?.length ?? 0) > DiscordLimits.description) return false;
  if ((e.footer?.text.length ?? 0) > DiscordLimits.footer) return false;
  const fields = e.fields ?? [];
  if (fields.length > DiscordLimits.fields) return false;
  if (fields.some((f) => f.name.length > DiscordLimits.fieldName || f.value.length > DiscordLimits.fieldValue || !f.value.length)) return false;
  return embedLength(e) + footerReserve <= DiscordLimits.embedTotal;
}

/** Last line of defence: force an embed inside the limits, whatever it holds. */
export function clampEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title) out.title = truncate(out.title, DiscordLimits.title);
  if (out.description) out.description = truncate(out.description, DiscordLimits.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, FOOTER_MAX) };
  if (out.fields) {
    out.fields = out.fields
      .slice(0, DiscordLimits.fields)
      .map((f) => ({ ...f, name: truncate(f.name, DiscordLimits.fieldName), value: truncate(f.value, DiscordLimits.fieldValue) }));
  }
  while (embedLength(out) > DiscordLimits.embedTotal && out.fields?.length) out.fields = out.fields.slice(0, -1);
  if (out.fields && !out.fields.length) delete out.fields;
  const over = embedLength(out) - DiscordLimits.embedTotal;
  if (over > 0 && out.description) out.description = truncate(out.description, Math.max(1, out.description.length - over));
  return out;
}

// ------------------------------------------------------------------ rows

/** One line (or block) of a page: `text(max)` renders it with its truncatable part cut to `max`. */
interface Row {
  group?: string;
  refs: number[];
  item?: number;
  /** Length of the part that may be shortened. */
  size: number;
  text(max?: number): string;
}

/** Rows are rendered again for every candidate page: the full rendering is computed once. */
function memo(text: (max?: number) => string): (max?: number) => string {
  let full: string | undefined;
  return (max) => (max === undefined ? (full ??= text()) : text(max));
}

function cutBody(raw: string, max: number | undefined): string {
  return max === undefined || max >= raw.length ? raw : truncate(raw, Math.max(1, max + 1));
}

function itemRow(answer: Answer, it: AnswerItem, idx: number): Row {
  const refs = itemRefs(it);
  const m = markers(refs);
  const raw = cleanLine(it.text);
  const n = `${idx + 1}. `;
  let text: (max?: number) => string;
  switch (answer.command) {
    case 'quote': {
      const who = it.speaker ? ` — ${safe(it.speaker)}` : '';
      text = (max) => `${n}“${safe(cutBody(raw, max))}”${who} ${m}`;
      break;
    }
    case 'position': {
      const who = it.person && it.person !== it.actor ? ` — ${safe(it.person)}` : '';
      text = (max) => `${n}${safe(cutBody(raw, max))}${who} ${m}`;
      break;
    }
    default:
      text = (max) => `${n}${safe(cutBody(raw, max))} ${m}`;
  }
  return { group: answer.command === 'position' ? topicLabel(it.topic) : undefined, refs, item: idx, size: raw.length, text: memo(text) };
}

/** Lines about Parley itself (help, settings): written by Parley, so they keep their markdown. */
function infoRow(line: string): Row {
  const raw = defuseMentions(line.replace(/[\p{Cc}]/gu, ' '));
  return { refs: [], size: raw.length, text: memo((max) => cutBody(raw, max)) };
}

/** `/sources`: one block per article, its counts under it. */
function articleRow(r: Reference, counts: string | undefined): Row {
  const title = cleanLine(r.title) || 'Untitled';
  const tail = `${referenceMeta(r)}${counts ? `\n${safe(counts.replace(/^\[\d+\]\s*/, ''))}` : ''}`;
  return { refs: [], size: title.length, text: memo((max) => `**[${r.ref}]** ${linkedTitle(title, r.url, Math.min(max ?? 200, 200))}${tail}`) };
}

function rowsOf(answer: Answer): Row[] {
  if (answer.command === 'sources') return answer.references.map((r, i) => articleRow(r, answer.info?.[i]));
  return [...answer.items.map((it, i) => itemRow(answer, it, i)), ...(answer.info ?? []).map(infoRow)];
}

function intro(answer: Answer): string {
  const parts: string[] = [];
  if (answer.overview) parts.push(`*${truncate(safe(answer.overview), 500)}*`);
  if (answer.notice) parts.push(`ℹ️ ${truncate(safeNotice(answer.notice), 1500)}`);
  return parts.join('\n');
}

function describe(head: string, rows: Row[], firstMax?: number): string {
  const out: string[] = head ? [head] : [];
  let group: string | undefined;
  rows.forEach((r, k) => {
    if (r.group !== undefined && (k === 0 || r.group !== group)) {
      if (out.length) out.push('');
      out.push(`**${safe(r.group)}**`);
    } else if (k === 0 && out.length) out.push('');
    group = r.group;
    out.push(r.text(k === 0 ? firstMax : undefined));
  });
  return out.join('\n');
}

export function answerTitle(answer: Answer): string {
  return truncate(safe(answer.title) || 'Parley', DiscordLimits.title);
}

interface BuildOptions {
  firstMax?: number;
  maxRefLines?: number;
}

function buildEmbed(answer: Answer, head: string, rows: Row[], o: BuildOptions = {}): APIEmbed {
  const refs = [...new Set(rows.flatMap((r) => r.refs))].sort((a, b) => a - b);
  const fields = referenceFields(answer, refs, o.maxRefLines);
  const embed: APIEmbed = { title: answerTitle(answer), description: describe(head, rows, o.firstMax) || '\u200b', color: Colors.answer };
  if (fields.length) embed.fields = fields;
  return embed;
}

/** A page holding one row that is too big: fewer source lines first, then a shorter item text. */
function shrinkLoneRow(answer: Answer, head: string, row: Row): APIEmbed {
  const fits = (o: BuildOptions) => embedFits(buildEmbed(answer, head, [row], o), FOOTER_MAX);
  let maxRefLines = row.refs.length;
  while (maxRefLines > 0 && !fits({ maxRefLines, firstMax: 0 })) maxRefLines--;
  let lo = 0;
  let hi = row.size;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits({ maxRefLines, firstMax: mid })) lo = mid;
    else hi = mid - 1;
  }
  return buildEmbed(answer, head, [row], { maxRefLines, firstMax: lo });
}

function pageFooter(answer: Answer, page: number, pages: number): string | undefined {
  const cited = answer.items.length > 0;
  if (pages > 1) return `Page ${page} of ${pages}${cited ? ' · Sources shows the full sentences' : ''}`;
  return cited ? 'Every line is verbatim from the article it cites · Sources shows the full sentences' : undefined;
}

/**
 * Split an answer into pages: at most `perPage` rows each, every page inside every embed limit
 * (measured on the rendered text, sources list and footer included).
 */
export function renderAnswerPages(answer: Answer, perPage = ITEMS_PER_PAGE): AnswerPage[] {
  const head = intro(answer);
  const rows = rowsOf(answer);
  const groups: Row[][] = [];
  let cur: Row[] = [];
  for (const row of rows) {
    if (cur.length && (cur.length >= perPage || !embedFits(buildEmbed(answer, head, [...cur, row]), FOOTER_MAX))) {
      groups.push(cur);
      cur = [];
    }
    cur.push(row);
  }
  if (cur.length || !groups.length) groups.push(cur);
  // No page for a straggler or two: they join the page before when that still fits.
  if (groups.length > 1) {
    const last = groups[groups.length - 1];
    const merged = [...groups[groups.length - 2], ...last];
    if (last.length <= 2 && merged.length <= perPage + 2 && embedFits(buildEmbed(answer, head, merged), FOOTER_MAX)) groups.splice(-2, 2, merged);
  }
  return groups.map((g, p) => {
    let embed = buildEmbed(answer, head, g);
    if (!embedFits(embed, FOOTER_MAX) && g.length === 1) embed = shrinkLoneRow(answer, head, g[0]);
    const footer = pageFooter(answer, p + 1, groups.length);
    if (footer) embed.footer = { text: truncate(footer, FOOTER_MAX) };
    return { embed: clampEmbed(embed), items: g.flatMap((r) => (r.item === undefined ? [] : [r.item])) };
  });
}

export function renderAnswerPage(answer: Answer, page: number): AnswerPage {
  const pages = renderAnswerPages(answer);
  return pages[Math.min(Math.max(0, page), pages.length - 1)];
}

/** An answer with nothing to show: its notice (and overview), nothing else. */
export function isEmptyAnswer(answer: Answer): boolean {
  return !answer.items.length && !answer.references.length && !answer.info?.length;
}

/** Unknown or ambiguous name: a notice, no items, and names to offer. */
export function isDidYouMean(answer: Answer): boolean {
  return Boolean(answer.notice) && !answer.items.length && Boolean(answer.suggestions?.length);
}

// ------------------------------------------------------------------ components

export function answerComponents(o: { key: string; page: number; pages: number; asker: string; sources: boolean }): ButtonRow[] {
  const buttons: APIButtonComponent[] = [];
  const id = (action: 'prev' | 'next' | 'page' | 'src') => answerButtonId({ action, key: o.key, page: o.page, asker: o.asker });
  if (o.pages > 1) {
    buttons.push(
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id('prev'), label: '◀', disabled: o.page <= 0 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id('page'), label: `${o.page + 1} / ${o.pages}`, disabled: true },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id('next'), label: '▶', disabled: o.page >= o.pages - 1 },
    );
  }
  if (o.sources) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: id('src'), label: 'Sources', emoji: { name: '📚' } });
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

/** The page as it stays once its buttons expired: same content, a footer that says what to do. */
export function expiredEmbed(embed: APIEmbed, command: string): APIEmbed {
  return clampEmbed({ ...embed, footer: { text: truncate(`These buttons have expired · run /${command} again to page or see sources`, FOOTER_MAX) } });
}

// ------------------------------------------------------------------ other views

export function noticeEmbed(answer: Answer): APIEmbed {
  return clampEmbed({ title: answerTitle(answer), description: intro(answer) || 'Nothing to show.', color: Colors.notice });
}

export function didYouMeanLabel(suggestion: string): string {
  return truncate(isTopic(suggestion) ? topicLabel(suggestion) : cleanLine(suggestion), DiscordLimits.buttonLabel);
}

/** Ephemeral "did you mean": the notice and one button per suggestion (at most 5). */
export function renderDidYouMean(answer: Answer, key: string): { embeds: APIEmbed[]; components: ButtonRow[] } {
  const suggestions = (answer.suggestions ?? []).slice(0, DiscordLimits.buttonsPerRow);
  const embed = clampEmbed({
    title: answerTitle(answer),
    description: `${intro(answer)}\n\nPick one to see the answer:`,
    color: Colors.notice,
  });
  const buttons: APIButtonComponent[] = suggestions.map((s, i) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    custom_id: didYouMeanId(key, i),
    label: didYouMeanLabel(s) || `Suggestion ${i + 1}`,
  }));
  return { embeds: [embed], components: buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [] };
}

/**
 * The Sources view (ephemeral): for each item on a page, the full sentence it came from and the
 * other articles' sentences, then the article list. Cut with a note when it would not fit.
 */
export function renderSourcesView(answer: Answer, items: number[]): APIEmbed {
  const title = truncate(`Sources — ${answerTitle(answer)}`, DiscordLimits.title);
  const refs = [...new Set(items.flatMap((i) => (answer.items[i] ? itemRefs(answer.items[i]) : [])))].sort((a, b) => a - b);
  let fields = referenceFields(answer, refs);
  let fieldsLength = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  if (fieldsLength > 2000) {
    fields = referenceFields(answer, refs, 8);
    fieldsLength = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  const footer = 'Each sentence is verbatim from the article numbered beside it';
  const NOTE_RESERVE = 120;
  const budget = Math.min(DiscordLimits.description, DiscordLimits.embedTotal - title.length - fieldsLength - footer.length) - NOTE_RESERVE;

  // Items quoted from one sentence share it: "**7.–9.**" over a single copy.
  const groups: { first: number; last: number; lines: string[] }[] = [];
  for (const i of items) {
    const it = answer.items[i];
    if (!it) continue;
    const cites = [it.citation, ...(it.sources ?? []).map((s) => s.citation)];
    const lines = cites.map((c) => `> **[${c.ref}]** ${safe(truncate(cleanLine(c.sentence), SENTENCE_MAX))}`);
    const prev = groups[groups.length - 1];
    if (prev && prev.last === i - 1 && prev.lines.join('\n') === lines.join('\n')) prev.last = i;
    else groups.push({ first: i, last: i, lines });
  }
  const blocks = groups.map((g) => [g.first === g.last ? `**${g.first + 1}.**` : `**${g.first + 1}.–${g.last + 1}.**`, ...g.lines]);
  const total = blocks.reduce((n, b) => n + b.length - 1, 0);
  const out: string[] = [];
  let length = 0;
  let shown = 0;
  let full = false;
  for (const block of blocks) {
    for (const [k, line] of block.entries()) {
      // A header is only worth adding with at least one sentence under it.
      const need = line.length + 1 + (k === 0 ? Math.min(block[1]?.length ?? 0, 200) + 1 : 0);
      if (length + need > budget) {
        full = true;
        break;
      }
      out.push(line);
      length += line.length + 1;
      if (k > 0) shown++;
    }
    if (full) break;
  }
  if (out.length && /^\*\*[\d.–]+\*\*$/.test(out[out.length - 1])) out.pop();
  if (shown < total) out.push(`*…and ${total - shown} more cited sentence${total - shown === 1 ? '' : 's'} not shown — open the articles below.*`);
  const embed: APIEmbed = { title, description: out.join('\n') || 'No cited sentences on this page.', color: Colors.answer, footer: { text: footer } };
  if (fields.length) embed.fields = fields;
  return clampEmbed(embed);
}

export function errorEmbed(text: string): APIEmbed {
  return { description: truncate(text, DiscordLimits.description), color: Colors.error };
}

export function infoEmbed(text: string): APIEmbed {
  return { description: truncate(text, DiscordLimits.description), color: Colors.notice };
}

// ------------------------------------------------------------------ the daily digest

/** Section headings of a posted digest, in the order the digest lists its items. */
export const DIGEST_HEADINGS: Record<DigestSection, string> = {
  article: '📰 New articles',
  quote: '💬 New quotes',
  position: '📌 New positions',
  figure: '🔢 New figures',
};
const DIGEST_FOOTER = 'Every line is verbatim from the article it cites · Parley daily briefing';
/**
 * Items per posted digest message. Larger than an answer page (10): a posted digest has no buttons,
 * and every extra message is another request under the 50/s global limit and more channel noise.
 * The real bound is the rendered size, measured per part.
 */
export const DIGEST_MESSAGE_ITEMS = 20;

/** Each item's rendered line, computed once (the splitter renders candidate parts many times). */
const digestLineCache = new WeakMap<DigestItem, string>();

function digestLine(it: DigestItem, byRef: Map<number, Reference>, max?: number): string {
  if (max === undefined) {
    const hit = digestLineCache.get(it);
    if (hit !== undefined) return hit;
  }
  const raw = cleanLine(it.text);
  const body = () => safe(cutBody(raw, max));
  const m = markers(itemRefs(it));
  let line: string;
  switch (it.section) {
    case 'article': {
      // The line is the article's own reference: [n] [Title](link) — Outlet, date.
      const r = byRef.get(it.citation.ref) ?? it.citation;
      line = `**[${r.ref}]** ${linkedTitle(r.title || raw, r.url, Math.min(max ?? 200, 200))}${referenceMeta(r)}`;
      break;
    }
    case 'quote':
      line = `**${safe(it.speaker ?? 'Unattributed')}**: “${body()}” ${m}`;
      break;
    case 'position': {
      const topic = it.topic ? ` · ${topicLabel(it.topic)}` : '';
      const person = it.person && it.person !== it.actor ? ` — ${safe(it.person)}` : '';
      line = `**${safe(it.actor ?? 'Unattributed')}**${topic}: ${body()}${person} ${m}`;
      break;
    }
    default: {
      const topic = it.topic ? `**${topicLabel(it.topic)}**: ` : '';
      line = `${topic}${body()} ${m}`;
    }
  }
  if (max === undefined) digestLineCache.set(it, line);
  return line;
}

/** `intro()` of a digest, memoised: the splitter renders every candidate part of the same digest. */
const introCache = new Map<string, string>();
function digestIntro(answer: DigestAnswer): string {
  const key = `${answer.overview ?? ''}\u0000${answer.notice ?? ''}`;
  let head = introCache.get(key);
  if (head === undefined) {
    head = intro(answer);
    if (introCache.size >= 256) introCache.clear();
    introCache.set(key, head);
  }
  return head;
}

/**
 * One part of a digest as ONE embed: the overview and notice (first part only), then the items under
 * a heading per section — each article as its reference line, each quote, position and figure with
 * its [n] markers — and a Sources field listing every other article cited. With no items: the
 * one-line "nothing new" note. `shrink` cuts the text of a part's only item (never its markers).
 */
export function renderDigestEmbed(answer: DigestAnswer, shrink?: number): APIEmbed {
  const title = answerTitle(answer);
  if (!answer.items.length) {
    return clampEmbed({ title, description: `ℹ️ ${truncate(safeNotice(answer.notice ?? 'No new articles.'), 1500)}`, color: Colors.notice });
  }
  const byRef = new Map(answer.references.map((r) => [r.ref, r]));
  const lines: string[] = [];
  if ((answer.part ?? 1) === 1) {
    const head = digestIntro(answer);
    if (head) lines.push(head);
  }
  let section: DigestSection | undefined;
  for (const it of answer.items) {
    if (it.section !== section) {
      if (lines.length) lines.push('');
      lines.push(`**${DIGEST_HEADINGS[it.section] ?? it.section}**`);
      section = it.section;
    }
    lines.push(digestLine(it, byRef, answer.items.length === 1 ? shrink : undefined));
  }
  const listed = new Set(answer.items.filter((it) => it.section === 'article').map((it) => it.citation.ref));
  const refs = [...new Set(answer.items.filter((it) => it.section !== 'article').flatMap(itemRefs))].filter((r) => !listed.has(r)).sort((a, b) => a - b);
  const embed: APIEmbed = { title, description: lines.join('\n'), color: Colors.answer, footer: { text: DIGEST_FOOTER } };
  const fields = referenceFields(answer, refs);
  if (fields.length) embed.fields = fields;
  return embed;
}

/** Whether a digest part renders into one message inside every Discord limit. */
export function digestFits(answer: DigestAnswer): boolean {
  return embedFits(renderDigestEmbed(answer));
}

/**
 * The message body for one digest part (what the transport POSTs, nonce aside): one embed, inside
 * every limit. A part from `splitDigestMessages` always fits as it is; anything else that does not
 * (a lone item too long for one embed) has its text shortened with "…", its markers kept.
 */
export function renderDigestMessage(answer: DigestAnswer): { embeds: APIEmbed[] } {
  let embed = renderDigestEmbed(answer);
  if (!embedFits(embed) && answer.items.length === 1) {
    const size = cleanLine(answer.items[0].text).length;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (embedFits(renderDigestEmbed(answer, mid))) lo = mid;
      else hi = mid - 1;
    }
    embed = renderDigestEmbed(answer, lo);
  }
  return { embeds: [clampEmbed(embed)] };
}

function digestPart(answer: DigestAnswer, items: DigestItem[], part: number, parts: number): DigestAnswer {
  const cited = new Set(items.flatMap(itemRefs));
  return {
    ...answer,
    title: parts > 1 ? `${answer.title} (${part}/${parts})` : answer.title,
    items,
    references: answer.references.filter((r) => cited.has(r.ref)),
    part,
    parts,
  };
}

/**
 * The Discord splitter for digests (pass it as `split` to the scheduler and the service): cut at item
 * boundaries only, at most `maxItems` items a part, each part measured as the embed it renders to —
 * so every part is one message inside Discord's limits and no line is cut from its citation. An item
 * too big alone drops other outlets' wordings (their [n]) until it fits. Pure and deterministic: the
 * same digest always splits the same way (a resumed delivery re-sends by part index).
 */
export function splitDigestMessages(answer: DigestAnswer, maxItems = DIGEST_MESSAGE_ITEMS): DigestAnswer[] {
  // Measured with a "(n/99)" title: never shorter than the final one.
  const fits = (items: DigestItem[], part: number) => digestFits(digestPart(answer, items, part, 99));
  const groups: DigestItem[][] = [];
  let current: DigestItem[] = [];
  for (const original of answer.items) {
    let it = original;
    if (current.length && (current.length >= maxItems || !fits([...current, it], groups.length + 1))) {
      groups.push(current);
      current = [];
    }
    if (!current.length) {
      while (it.sources?.length && !fits([it], groups.length + 1)) {
        const sources = it.sources.slice(0, -1);
        it = { ...it, sources: sources.length ? sources : undefined };
      }
    }
    current.push(it);
  }
  if (current.length || !groups.length) groups.push(current);
  return groups.map((items, i) => digestPart(answer, items, i + 1, groups.length));
}

/** Parley's own sentences (settings replies, status): mentions defused except channel links, which never ping. */
export function settingsText(s: string): string {
  return safeNotice(s).replace(/<\u200b#(\d{17,20})>/g, '<#$1>');
}

/**
 * `/digest status` as messages of one embed each: the overview, then each schedule's lines (a blank
 * line before each schedule) with its channel linked. Long lists continue in further embeds.
 */
export function renderDigestStatus(answer: Answer): APIEmbed[] {
  const title = answerTitle(answer);
  if (!answer.info?.length) return [noticeEmbed(answer)];
  const head = intro(answer);
  const lines = answer.info.map((l) => truncate(settingsText(l), 1000));
  const pages: string[][] = [];
  let page: string[] = head ? [head] : [];
  let size = head.length;
  for (const line of lines) {
    const block = /^<#\d+>/.test(line) && page.length ? ['', line] : [line];
    const add = block.reduce((n, l) => n + l.length + 1, 0);
    if (page.length && size + add > DiscordLimits.description - 100) {
      pages.push(page);
      page = [];
      size = 0;
    }
    const lead = !page.length && block[0] === '' ? block.slice(1) : block;
    page.push(...lead);
    size += add;
  }
  if (page.length) pages.push(page);
  return pages.map((p, i) =>
    clampEmbed({ title: pages.length > 1 ? truncate(`${title} (${i + 1}/${pages.length})`, DiscordLimits.title) : title, description: p.join('\n'), color: Colors.answer }),
  );
}
