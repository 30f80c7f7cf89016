import type { Answer, AnswerItem } from '../briefing/index.ts';

const refs = (it: AnswerItem) => [it.citation.ref, ...(it.sources ?? []).map((s) => s.citation.ref)].map((r) => `[${r}]`).join('');

function line(answer: Answer, it: AnswerItem): string {
  switch (answer.command) {
    case 'quote':
      return `“${it.text}” — ${it.speaker} ${refs(it)}`;
    case 'position':
      return `${it.text} ${refs(it)}${it.person && it.person !== it.actor ? ` (${it.person})` : ''}`;
    default:
      return `${it.text} ${refs(it)}`;
  }
}

/** Plain-text rendering for the console and CLI: the same answer the bot gives, without embeds. */
export function renderText(answer: Answer): string {
  const out: string[] = [answer.title];
  if (answer.overview) out.push(answer.overview);
  if (answer.notice) out.push(`Note: ${answer.notice}`);
  if (answer.items.length) out.push('');
  let topic: string | null | undefined;
  answer.items.forEach((it, i) => {
    if (answer.command === 'position' && it.topic !== topic) {
      topic = it.topic;
      out.push(`${(topic ?? 'other').toUpperCase()}`);
    }
    out.push(`${String(i + 1).padStart(2)}. ${line(answer, it)}`);
  });
  if (answer.info?.length && answer.command !== 'sources') out.push('', ...answer.info);
  if (answer.references.length) {
    out.push('', 'Sources');
    answer.references.forEach((r, i) => {
      const meta = [r.outlet, r.published].filter(Boolean).join(', ');
      out.push(`[${r.ref}] ${r.title}${meta ? ` — ${meta}` : ''}${r.url ? ` <${r.url}>` : ''}`);
      if (answer.command === 'sources' && answer.info?.[i]) out.push(`    ${answer.info[i].replace(/^\[\d+\]\s*/, '')}`);
    });
  }
  return out.join('\n');
}
