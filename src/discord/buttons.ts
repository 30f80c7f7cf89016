import { MessageFlags } from 'discord.js';
import { answerQuestion, isQuestion } from '../briefing/index.ts';
import { ANSWER_PREFIX, DID_YOU_MEAN_PREFIX, parseAnswerButton, parseDidYouMean } from './cache.ts';
import { Identifiers, UserError, USER_ERROR_TEXT } from './preconditions.ts';
import { answerComponents, didYouMeanLabel, infoEmbed, renderSourcesView, safe } from './render.ts';
import { noPings, sendAnswer } from './respond.ts';
import type { ButtonHandler } from './types.ts';

const expiredText = (command?: string) => USER_ERROR_TEXT[Identifiers.AnswerExpired]({ command });

/** ◀ ▶ (asker only), the page indicator, and Sources (anyone, ephemeral). */
export const answerButtons: ButtonHandler = {
  prefix: ANSWER_PREFIX,
  async handle(i, ctx, args) {
    const id = parseAnswerButton(args);
    const entry = id ? ctx.answers.get(id.key) : undefined;
    if (!id || !entry || entry.kind !== 'answer') {
      // Expired (or from before a restart): take the dead buttons off, and say so privately.
      await i.update({ components: [], allowedMentions: noPings() });
      await i.followUp({ embeds: [infoEmbed(expiredText())], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    const clamp = (p: number) => Math.min(Math.max(0, p), entry.pages.length - 1);
    if (id.action === 'src') {
      const page = entry.pages[clamp(id.page)];
      await i.reply({ embeds: [renderSourcesView(entry.answer, page.items)], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    if (id.action === 'page') {
      await i.deferUpdate();
      return;
    }
    if (i.user.id !== entry.asker) throw new UserError(Identifiers.NotYourAnswer, { command: entry.command });
    const target = clamp(id.page + (id.action === 'next' ? 1 : -1));
    entry.page = target;
    await i.update({
      embeds: [entry.pages[target].embed],
      components: answerComponents({ key: entry.key, page: target, pages: entry.pages.length, asker: entry.asker, sources: entry.answer.items.length > 0 }),
      allowedMentions: noPings(),
    });
  },
};

/** A "did you mean" button: run the command again with that suggestion. */
export const didYouMeanButtons: ButtonHandler = {
  prefix: DID_YOU_MEAN_PREFIX,
  async handle(i, ctx, args) {
    const id = parseDidYouMean(args);
    const entry = id ? ctx.answers.get(id.key) : undefined;
    const choice = id && entry?.kind === 'didyoumean' ? entry.answer.suggestions?.[id.index] : undefined;
    if (!entry || !choice || !entry.fill || !isQuestion(entry.command)) {
      await i.update({ embeds: [infoEmbed(expiredText(entry?.command))], components: [], allowedMentions: noPings() });
      return;
    }
    // One use: the buttons go away now, so nothing is left to expire.
    entry.onExpire = undefined;
    ctx.answers.expire(entry.key);
    await i.update({ embeds: [infoEmbed(`Showing **${safe(didYouMeanLabel(choice))}**.`)], components: [], allowedMentions: noPings() });
    const options = { ...entry.options, [entry.fill]: choice };
    const answer = answerQuestion(ctx.store, entry.command, options);
    await sendAnswer(i, ctx, { command: entry.command, options, answer });
  },
};

export const BUILTIN_BUTTONS: readonly ButtonHandler[] = [answerButtons, didYouMeanButtons];
