import { z } from 'zod';
import { parseFrontMatter } from './front-matter.ts';

export interface NormalizedArticle {
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
  /** The article text with page chrome removed. Every record's offsets point into this. */
  body: string;
}

export class ArticleError extends Error {}

/**
 * A text field: a YAML string, or a number or boolean read as text (`title: 1984`). A list or a
 * mapping is a mistake, not a title: `String(['a', 'b'])` would store "a,b", `String({})` "[object Object]".
 */
const textField = (max: number, min = 0) =>
  z
    .union([z.string(), z.number(), z.boolean()], { errorMap: () => ({ message: 'must be text, not a list or a mapping' }) })
    .transform((v) => String(v))
    .pipe(z.string().min(min).max(max));

const dateField = z.union([z.string(), z.date()], { errorMap: () => ({ message: 'must be a date such as 2026-01-22' }) });

/** Only web links: an article's url becomes a Discord embed link, and Discord refuses any other scheme. */
const urlField = z
  .string({ invalid_type_error: 'must be a web address (https://…)' })
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// address');

const FrontMatter = z
  .object({
    title: textField(500, 1).optional(),
    outlet: textField(200).optional(),
    source: textField(200).optional(),
    published: dateField.optional(),
    date: dateField.optional(),
    url: urlField.optional(),
  })
  .passthrough();

/** Whole lines that are page furniture, never article text. */
const CHROME_LINE = [
  /^exit mobile version$/i,
  /^source:\s*original article$/i,
  /^read (?:the )?full (?:article|story)(?: here)?\.?$/i,
  /^share (?:this|the) (?:article|story)$/i,
  /^(?:advertisement|sponsored|skip to (?:main )?content|sign up.*newsletter.*|subscribe(?: now)?|click here.*|follow us.*)$/i,
  /^\d+\s*min(?:ute)?s?\s*read.*$/i, // "2 min read", "2 min readSource"
  /^(?:why it matters|what to know|what people are saying|what happens next)$/i, // section labels
];

/** Lines with an AI label or a photo credit anywhere in them ("PoliticsAI Analysis") are page furniture too. */
const CHROME_ANYWHERE = [
  /\b(?:AI[- ]generated|generated (?:by|with|using) (?:AI|artificial intelligence))\b|AI Analysis\b/i,
  /\bPhoto(?:graph)?[-:]|\b(?:Photo|Image) (?:by|credit)\b|\bGetty Images\b|\(Photo[: ]|©/i,
];
/**
 * Every match of CHROME_ANYWHERE contains one of these (lower-cased). Searching each paragraph with
 * those patterns, which may start anywhere, was the slowest part of normalising; a lower-cased
 * `includes` rules most paragraphs out first.
 */
const CHROME_ANYWHERE_WORDS = ['generated', 'ai analysis', 'photo', 'image', '©'];

function isChrome(line: string): boolean {
  if (CHROME_LINE.some((re) => re.test(line))) return true;
  const lower = line.toLowerCase();
  return CHROME_ANYWHERE_WORDS.some((w) => lower.includes(w)) && CHROME_ANYWHERE.some((re) => re.test(line));
}

/** A line that starts the list of links after the article: everything from here on is dropped. */
const TAIL_MARKER = /^(?:related (?:articles|stories|news|coverage)|read (?:more|next)|more (?:from|on) .+|recommended(?: for you)?|you may also like|most (?:read|popular|viewed|shared)|trending(?: now)?|top stories|more stories)\s*:?$/i;

/** "Home Global Affairs Diplomacy …" or "Site Home|Section": navigation, no sentence in it. */
function isNavigation(line: string): boolean {
  if (/[.!?]["”’]?$/.test(line)) return false;
  if (/^home\b/i.test(line) && line.split(/\s+/).length >= 3) return true;
  if (/\bhome\s*[|›>»/]/i.test(line)) return true;
  return (line.match(/\s[|›»]\s/g) ?? []).length >= 2;
}

function isHeadlineLike(line: string): boolean {
  return line.length <= 200 && !/[.!]["”’]?$/.test(line) && /\p{L}/u.test(line);
}

const MAX_FRONT_MATTER_CHARS = 16_000;
const MAX_FRONT_MATTER_DEPTH = 32;

/**
 * An upper bound on a YAML block's nesting, found without parsing it: the deepest `[`/`{` flow
 * nesting, and per line the indentation plus the `- `, `? `, `: ` indicators on it.
 */
function yamlDepth(yaml: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml[i];
    if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  for (const line of yaml.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const indicators = line.match(/(?:^|\s)[-?:](?=\s|$)/g)?.length ?? 0;
    deepest = Math.max(deepest, indent + indicators);
  }
  return deepest;
}

/** C0 and C1 control characters other than tab and line feed. */
const CONTROL_CHARS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/** The first `n` UTF-16 units of `s`, never cutting a surrogate pair (an emoji) in half. */
function clip(s: string, n: number): string {
  if (s.length <= n) return s;
  const last = s.charCodeAt(n - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

function dateString(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && v.trim()) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? clip(v.trim(), 40) : d.toISOString().slice(0, 10);
  }
  return null;
}

/**
 * Turn a file's text into an article: front matter (which wins) or inferred title, and a body with
 * page chrome removed. Kept lines are copied verbatim (markdown heading marks aside), so quoted text
 * is always exactly the article's.
 */
export function normalizeArticle(text: string, fileName: string): NormalizedArticle {
  // One kind of line break; no control characters (a stray ESC in a title would reach a terminal
  // through the CLI). Form feeds and Unicode line separators break lines like \n does.
  let src = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, '\n')
    .replace(CONTROL_CHARS, '');
  let meta: z.infer<typeof FrontMatter> = {};
  const fm = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/.exec(src);
  if (/^---[ \t]*\n/.test(src) && !fm) throw new ArticleError('front matter is not closed with ---');
  if (fm) {
    // The YAML parser recurses per nesting level and slows down on thousands of anchors: a hostile
    // block could exhaust the stack (V8 may then abort the whole process, not throw) or stall the ingest.
    const yaml = fm[1] ?? '';
    if (yaml.length > MAX_FRONT_MATTER_CHARS) {
      throw new ArticleError(`front matter is too long (${yaml.length} characters; the limit is ${MAX_FRONT_MATTER_CHARS})`);
    }
    if (yamlDepth(yaml) > MAX_FRONT_MATTER_DEPTH) throw new ArticleError(`front matter is nested too deeply (more than ${MAX_FRONT_MATTER_DEPTH} levels)`);
    let data: unknown;
    try {
      data = parseFrontMatter(yaml);
    } catch (e) {
      throw new ArticleError(`front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
    }
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) throw new ArticleError('front matter must be a mapping of fields');
    // An empty field (`outlet:`) means "not given", not the text "null".
    const given = Object.fromEntries(Object.entries((data ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null && v !== ''));
    const parsed = FrontMatter.safeParse(given);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ArticleError(`front matter field "${issue.path.join('.')}" is invalid: ${issue.message}`);
    }
    meta = parsed.data;
    src = src.slice(fm[0].length);
  }

  const kept: string[] = [];
  const candidates: string[] = [];
  const seen = new Set<string>();
  // True while everything kept so far is a blank line or a title candidate (a Set and a flag, not a
  // rescan of `kept` per line: that made a file of many short lines cubic).
  let preamble = true;
  // A YAML block scalar may span lines; a title and an outlet are one line.
  const oneLine = (v: string | undefined) => v?.replace(/\s+/g, ' ').trim();
  let title = oneLine(meta.title) || null;
  for (const rawLine of src.split('\n')) {
    const line = rawLine.trim();
    if (!line) {
      kept.push('');
      continue;
    }
    if (TAIL_MARKER.test(line)) break;
    if (isNavigation(line) || isChrome(line)) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const content = heading ? heading[1].trim() : line;
    // Before the first paragraph, headline-like lines are title candidates (the title, a caption, a kicker).
    if (!title && preamble && (heading || isHeadlineLike(content))) {
      if (heading) title = content;
      else if (!seen.has(content)) candidates.push(content);
      else continue; // the headline repeated under itself
      seen.add(content);
      kept.push(content);
      continue;
    }
    if (seen.has(content) && isHeadlineLike(content)) continue; // the headline repeated under itself
    seen.add(content);
    kept.push(content);
    preamble = false;
  }
  if (!title && candidates.length) {
    // The longest headline-like line above the text is the headline; shorter ones (captions) stay as text.
    title = candidates.reduce((a, b) => (b.length > a.length ? b : a));
    kept.splice(kept.indexOf(title), 1);
  } else if (title) {
    const i = kept.indexOf(title);
    if (i >= 0) kept.splice(i, 1);
  }
  const body = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  if (!body) throw new ArticleError('no article text after removing page chrome');
  if (!title) {
    const first = body.split('\n')[0];
    const sentence = /^(.{20,}?[.!?])["”’]?\s/.exec(first)?.[1] ?? first;
    title = sentence.length > 120 ? `${clip(sentence, 117).replace(/\s+\S*$/, '')}…` : sentence;
  }
  if (!title) title = fileName;
  return {
    title: clip(title, 300),
    outlet: oneLine(meta.outlet ?? meta.source) || null,
    published: dateString(meta.published ?? meta.date),
    url: meta.url ?? null,
    body,
  };
}
