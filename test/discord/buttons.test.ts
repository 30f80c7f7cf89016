/**
 * Buttons end to end: paging (asker only), the Sources view, expiry, and "did you mean".
 */
import { describe, expect, it } from 'vitest';
import { button, chatInput, type FakeDiscord, type Json, type SentInteraction } from '../fake-discord/index.ts';
import { buttonsOf, embedText, embedsOf, expectAllWithinLimits, isEphemeral, send, startHarness, until, waitForMessages } from './harness.ts';

const ASKER = '100000000000000001';
const OTHER = '100000000000000777';

/** The message an interaction created (its reply, or its n-th followup). */
function messageOf(fake: FakeDiscord, sent: SentInteraction, index = 0): Json {
  const msgs = fake.interactionMessages.filter((m) => m.interaction_metadata?.id === sent.id);
  const msg = msgs[index];
  if (!msg) throw new Error(`no message for interaction ${sent.id}`);
  return msg;
}

const byLabel = (data: Json, label: string) => {
  const b = buttonsOf(data).find((x) => x.label === label);
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(data.components)}`);
  return b;
};

describe('answer buttons', () => {
  it('the asker pages forward and back; the message is updated in place', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
    const msg = messageOf(fake, q.sent);

    const p2 = await send(fake, button(byLabel(q.data, '▶').custom_id, msg.id));
    expect(p2.via).toBe(7);
    expect(p2.data.allowed_mentions).toEqual({ parse: [] });
    const [e2] = embedsOf(p2.data);
    expect(e2.title).toBe('Quotes of Steve Witkoff');
    expect(e2.footer?.text).toMatch(/^Page 2 of 2/);
    expect(e2.description).toMatch(/^11\. “/m);
    expect(e2.description).toMatch(/\[\d+\]$/m);
    expect(e2.fields?.[0].name).toBe('Sources');
    expect(byLabel(p2.data, '◀').disabled).toBe(false);
    expect(byLabel(p2.data, '▶').disabled).toBe(true);
    expect(byLabel(p2.data, '2 / 2').custom_id).toMatch(/:1:100000000000000001$/);
    expect(msg.embeds[0].footer.text).toMatch(/^Page 2 of 2/);

    const p1 = await send(fake, button(byLabel(p2.data, '◀').custom_id, msg.id));
    expect(p1.via).toBe(7);
    expect(embedsOf(p1.data)[0].footer?.text).toMatch(/^Page 1 of 2/);
    expect(embedsOf(p1.data)[0].description).toContain('1. “We’ve got it down to one issue');
    expect(msg.embeds[0].footer.text).toMatch(/^Page 1 of 2/);
    expectAllWithinLimits(fake);
  });

  it('someone else pressing ◀ ▶ gets a private notice and the page does not move', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
    const msg = messageOf(fake, q.sent);
    const r = await send(fake, button(byLabel(q.data, '▶').custom_id, msg.id, OTHER));
    expect(r.via).toBe(4);
    expect(isEphemeral(r.data)).toBe(true);
    expect(embedText(r.data)).toContain('Only the person who asked can turn these pages. Run `/quote` yourself');
    expect(msg.embeds[0].footer.text).toMatch(/^Page 1 of 2/);
    expectAllWithinLimits(fake);
  });

  it('Sources shows the full cited sentences, ephemerally, to anyone', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
    const msg = messageOf(fake, q.sent);
    const r = await send(fake, button(byLabel(q.data, 'Sources').custom_id, msg.id, OTHER));
    expect(r.via).toBe(4);
    expect(isEphemeral(r.data)).toBe(true);
    const [embed] = embedsOf(r.data);
    expect(embed.title).toBe('Sources — Quotes of Steve Witkoff');
    expect(embed.description).toContain('**1.**\n> **[1]** “We’ve got it down to one issue, and we have discussed iterations of that issue, and that means it’s solvable,” he told an audience');
    // The other outlet's own wording of the same remark.
    expect(embed.description).toMatch(/> \*\*\[2\]\*\* .*only "one issue" remained unresolved/);
    expect(embed.fields?.[0].value).toContain('[1] Why the ‘One Issue’');
    expectAllWithinLimits(fake);
  });

  it('a press on an unknown (expired) answer removes the dead buttons and says so privately', async () => {
    const { fake } = await startHarness();
    const sent = fake.sendInteraction(button(`ans:next:gone1234:0:${ASKER}`));
    const [update, note] = await waitForMessages(fake, sent, 2);
    expect(update.via).toBe(7);
    expect(update.data.components).toEqual([]);
    expect(note.via).toBe('followup');
    expect(isEphemeral(note.data)).toBe(true);
    expect(embedText(note.data)).toContain('This answer’s buttons have expired. Run the command again');
    expectAllWithinLimits(fake);
  });

  it('answers expire politely: the buttons are taken off and later presses are told why', async () => {
    const { fake } = await startHarness({ answerTtlMs: 400 });
    const q = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
    const msg = messageOf(fake, q.sent);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${q.sent.token}/messages/@original`), 5000);
    expect(edit.body?.components).toEqual([]);
    expect(edit.body?.allowed_mentions).toEqual({ parse: [] });
    expect(edit.body?.embeds[0].footer.text).toBe('These buttons have expired · run /quote again to page or see sources');
    expect(msg.components).toEqual([]);

    const late = fake.sendInteraction(button(byLabel(q.data, '▶').custom_id, msg.id));
    const [, note] = await waitForMessages(fake, late, 2);
    expect(embedText(note.data)).toContain('expired');
    expectAllWithinLimits(fake);
  });
});

describe('did you mean', () => {
  it('an unknown name gets an ephemeral "did you mean" whose button runs the command', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('quote', { speaker: 'witkovsky' }));
    expect(q.via).toBe(4);
    expect(isEphemeral(q.data)).toBe(true);
    expect(embedText(q.data)).toContain('I don\'t know a speaker called “witkovsky”. Did you mean Steve Witkoff?');
    const buttons = buttonsOf(q.data);
    expect(buttons.map((b) => b.label)).toEqual(['Steve Witkoff']);
    expect(buttons[0].custom_id).toMatch(/^dym:[\w-]+:0$/);

    const sent = fake.sendInteraction(button(buttons[0].custom_id, messageOf(fake, q.sent).id, undefined, { message: { flags: 64 } }));
    const [update, answer] = await waitForMessages(fake, sent, 2);
    expect(update.via).toBe(7);
    expect(update.data.components).toEqual([]);
    expect(embedText(update.data)).toContain('Showing **Steve Witkoff**');
    expect(answer.via).toBe('followup');
    expect(isEphemeral(answer.data)).toBe(false);
    const [embed] = embedsOf(answer.data);
    expect(embed.title).toBe('Quotes of Steve Witkoff');
    expect(embed.description).toContain('“We’ve got it down to one issue');
    expect(byLabel(answer.data, '▶').custom_id).toMatch(/:0:100000000000000001$/);

    // The new answer pages like any other.
    const followupMsg = messageOf(fake, sent, 0);
    const p2 = await send(fake, button(byLabel(answer.data, '▶').custom_id, followupMsg.id));
    expect(embedsOf(p2.data)[0].footer?.text).toMatch(/^Page 2 of 2/);
    expectAllWithinLimits(fake);
  });

  it('a topic without positions offers the topics the actor has', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('position', { actor: 'putin', topic: 'sanctions' }));
    expect(isEphemeral(q.data)).toBe(true);
    const labels = buttonsOf(q.data).map((b) => b.label);
    expect(labels).toContain('Territory');
    const territory = byLabel(q.data, 'Territory');
    const sent = fake.sendInteraction(button(territory.custom_id, messageOf(fake, q.sent).id));
    const [, answer] = await waitForMessages(fake, sent, 2);
    const [embed] = embedsOf(answer.data);
    expect(embed.title).toBe('Positions of Vladimir Putin on territory');
    expect(embed.description).toContain('**Territory**');
    expectAllWithinLimits(fake);
  });

  it('a name with nothing close gets a notice without buttons', async () => {
    const { fake } = await startHarness();
    const q = await send(fake, chatInput('quote', { speaker: 'zzzz' }));
    expect(isEphemeral(q.data)).toBe(true);
    expect(embedText(q.data)).toContain('I don\'t know a speaker called “zzzz”.');
    expect(buttonsOf(q.data)).toEqual([]);
    expectAllWithinLimits(fake);
  });

  it('a did-you-mean button pressed after expiry says so', async () => {
    const { fake } = await startHarness({ answerTtlMs: 300 });
    const q = await send(fake, chatInput('quote', { speaker: 'witkovsky' }));
    const id = buttonsOf(q.data)[0].custom_id as string;
    // Expiry takes the buttons off the ephemeral message.
    await until(() => fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith(`/${q.sent.token}/messages/@original`)));
    const sent = fake.sendInteraction(button(id, messageOf(fake, q.sent).id));
    const [r] = await waitForMessages(fake, sent);
    expect(r.via).toBe(7);
    expect(embedText(r.data)).toContain('expired');
    expect(r.data.components).toEqual([]);
    expectAllWithinLimits(fake);
  });
});
