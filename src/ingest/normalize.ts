import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface NormalizedArticle {
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
  /** The article text with page chrome removed. Every record's offsets point into this. */
  body: string;
}

export class ArticleError extends Error {}

const FrontMatter = z
  .object({
    title: z.coerce.string().min(1).max(500).optional(),
    outlet: z.coerce.string().max(200).optional(),
    source: z.coerce.string().max(200).optional(),
    published: z.union([z.string(), z.date()]).optional(),
    date: z.union([z.string(), z.date()]).optional(),
    url: z.string().url().optional(),
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
  /\b(?:AI[- ]generated|generated (?:by|with|using) (?:AI|artificial intelligence))\b|AI Analysis\b/i, // "PoliticsAI Analysis"
  /\bPhoto(?:graph)?[-:]|\b(?:Photo|Image) (?:by|credit)\b|\bGetty Images\b|\(Photo[: ]|©/i,
];

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

function dateString(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && v.trim()) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? v.trim().slice(0, 40) : d.toISOString().slice(0, 10);
  }
  return null;
}

/**
 * Turn a file's text into an article: front matter (which wins) or inferred title, and a body with
 * page chrome removed. Kept lines are copied verbatim (markdown heading marks aside), so quoted text
 * is always exactly the article's.
 */
export function normalizeArticle(text: string, fileName: string): NormalizedArticle {
  let src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let meta: z.infer<typeof FrontMatter> = {};
  const fm = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/.exec(src);
  if (/^---[ \t]*\n/.test(src) && !fm) throw new ArticleError('front matter is not closed with ---');
  if (fm) {
    let data: unknown;
    try {
      data = parseYaml(fm[1] ?? '');
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
  let title = meta.title?.trim() ?? null;
  for (const rawLine of src.split('\n')) {
    const line = rawLine.trim();
    if (!line) {
      kept.push('');
      continue;
    }
    if (TAIL_MARKER.test(line)) break;
    if (isNavigation(line) || CHROME_LINE.some((re) => re.test(line))) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const content = heading ? heading[1].trim() : line;
    // Before the first paragraph, headline-like lines are title candidates (the title, a caption, a kicker).
    if (!title && kept.every((l) => !l || candidates.includes(l)) && (heading || isHeadlineLike(content))) {
      if (heading) title = content;
      else if (!candidates.includes(content)) candidates.push(content);
      else continue; // the headline repeated under itself
      seen.add(content);
      kept.push(content);
      continue;
    }
    if (seen.has(content) && isHeadlineLike(content)) continue; // the headline repeated under itself
    seen.add(content);
    kept.push(content);
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
    title = sentence.length > 120 ? `${sentence.slice(0, 117).replace(/\s+\S*$/, '')}…` : sentence;
  }
  if (!title) title = fileName;
  return {
    title: title.slice(0, 300),
    outlet: (meta.outlet ?? meta.source)?.trim() || null,
    published: dateString(meta.published ?? meta.date),
    url: meta.url ?? null,
    body,
  };
}
