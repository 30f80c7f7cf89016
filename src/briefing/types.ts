/** Transport-neutral answers: the Discord embeds, the console and `--json` all render these. */

export interface Citation {
  /** The answer-local source number shown as [n]. */
  ref: number;
  article: number;
  title: string;
  outlet: string | null;
  url: string | null;
  published: string | null;
  /** The full sentence the item came from, verbatim. */
  sentence: string;
}

export interface Source {
  text: string;
  citation: Citation;
}

export interface AnswerItem {
  /** Verbatim text: the quotation, the clause stating a position or figure, or the sentence found. */
  text: string;
  speaker?: string;
  actor?: string;
  person?: string | null;
  topic?: string | null;
  value?: number | null;
  unit?: string;
  citation: Citation;
  /** Other articles' own verbatim wording of the same remark or fact. */
  sources?: Source[];
}

export interface Reference {
  ref: number;
  article: number;
  title: string;
  outlet: string | null;
  url: string | null;
  published: string | null;
}

export interface Answer {
  command: string;
  title: string;
  /** One line that sums the answer up: "Russia — 9 statements on 4 topics from 4 articles". */
  overview?: string;
  items: AnswerItem[];
  /** Said when the answer is empty, corrected or partial: unknown names, no results, typos read. */
  notice?: string;
  suggestions?: string[];
  /** Uncited lines that are about Parley itself (help, settings), never about the news. */
  info?: string[];
  references: Reference[];
}
