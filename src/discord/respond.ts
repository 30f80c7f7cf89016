import { MessageFlags, type APIEmbed, type ButtonInteraction, type ChatInputCommandInteraction, type MessageMentionOptions } from 'discord.js';
import { answerQuestion, specOf, type Answer, type QuestionName } from '../briefing/index.ts';
import {
  answerComponents,
  expiredEmbed,
  isDidYouMean,
  isEmptyAnswer,
  isTopic,
  noticeEmbed,
  renderAnswerPages,
  renderDidYouMean,
  type ButtonRow,
} from './render.ts';
import type { BotContext } from './types.ts';

/** Replies never ping, whatever the article text or the user typed. */
export const NO_PINGS: MessageMentionOptions = Object.freeze({ parse: [] }) as MessageMentionOptions;
export const noPings = (): MessageMentionOptions => ({ parse: [] });

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction;

export interface View {
  embeds: APIEmbed[];
  components?: ButtonRow[];
}

/** A sent message that can still be edited (to expire its buttons). */
export interface Delivered {
  edit(view: View): Promise<unknown>;
}

/**
 * Send a view the right way for the interaction's state: `reply` when nothing was sent yet; after a
 * public `deferReply`, `editReply` (or, for an ephemeral view, delete the placeholder and `followUp`
 * ephemerally); after a reply or an update, `followUp`.
 */
export async function deliver(i: RepliableInteraction, view: View, ephemeral: boolean): Promise<Delivered> {
  const body = { embeds: view.embeds, components: view.components ?? [], allowedMentions: noPings() };
  const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
  if (!i.deferred && !i.replied) {
    await i.reply({ ...body, flags });
    return { edit: (v) => i.editReply({ embeds: v.embeds, components: v.components ?? [], allowedMentions: noPings() }) };
  }
  if (i.deferred && !i.replied && (i.ephemeral || !ephemeral)) {
    await i.editReply(body);
    return { edit: (v) => i.editReply({ embeds: v.embeds, components: v.components ?? [], allowedMentions: noPings() }) };
  }
  if (i.deferred && !i.replied) await i.deleteReply().catch(() => undefined);
  const msg = await i.followUp({ ...body, flags });
  return { edit: (v) => i.editReply({ message: msg.id, embeds: v.embeds, components: v.components ?? [], allowedMentions: noPings() }) };
}

/** Which option a did-you-mean suggestion fills: a topic, or the command's name option. */
export function suggestionOption(command: string, answer: Answer): string {
  const spec = specOf(command);
  const names = spec?.options.find((o) => o.autocomplete === 'actor' || o.autocomplete === 'speaker');
  const hasTopic = spec?.options.some((o) => o.name === 'topic');
  if ((answer.suggestions ?? []).every(isTopic) && hasTopic) return 'topic';
  return names?.name ?? 'topic';
}

export interface AnswerRun {
  command: string;
  options: Record<string, string | undefined>;
  answer: Answer;
}

/**
 * Put an answer in front of the user: "did you mean" buttons (ephemeral), a notice (ephemeral), or the
 * first page with ◀ ▶ and Sources; the answer is cached under a short key for its buttons.
 */
export async function sendAnswer(i: RepliableInteraction, ctx: BotContext, run: AnswerRun): Promise<void> {
  const { command, options, answer } = run;
  const asker = i.user.id;
  let sent: Delivered | undefined;

  if (isDidYouMean(answer)) {
    const entry = ctx.answers.put({ kind: 'didyoumean', command, asker, options, answer, pages: [], fill: suggestionOption(command, answer) });
    const view = renderDidYouMean(answer, entry.key);
    entry.onExpire = () => sent?.edit({ embeds: view.embeds, components: [] });
    sent = await deliver(i, view, true);
    return;
  }
  if (isEmptyAnswer(answer)) {
    await deliver(i, { embeds: [noticeEmbed(answer)] }, true);
    return;
  }
  const pages = renderAnswerPages(answer);
  const sources = answer.items.length > 0;
  if (pages.length === 1 && !sources) {
    await deliver(i, { embeds: [pages[0].embed] }, false);
    return;
  }
  const entry = ctx.answers.put({ kind: 'answer', command, asker, options, answer, pages });
  entry.onExpire = () => sent?.edit({ embeds: [expiredEmbed(entry.pages[entry.page].embed, command)], components: [] });
  sent = await deliver(
    i,
    { embeds: [pages[0].embed], components: answerComponents({ key: entry.key, page: 0, pages: pages.length, asker, sources }) },
    false,
  );
}

/** Read a question command's string options as declared in COMMAND_SPECS. */
export function readOptions(i: ChatInputCommandInteraction, name: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of specOf(name)?.options ?? []) {
    if (o.type !== 'string') continue;
    out[o.name] = i.options.getString(o.name) ?? undefined;
  }
  return out;
}

/** The whole of a question command's `execute`: read options, answer, send. */
export async function runQuestion(i: ChatInputCommandInteraction, ctx: BotContext, name: QuestionName): Promise<void> {
  const options = readOptions(i, name);
  const answer = answerQuestion(ctx.store, name, options);
  await sendAnswer(i, ctx, { command: name, options, answer });
}
