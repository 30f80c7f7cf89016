/**
 * Discord misbehaving under the real Parley bot (createBot + discord.js) on the fake Discord:
 * dropped gateway connections, invalidated sessions, expired interaction tokens — and the bot
 * token never reaching a log line or a request body, whatever goes wrong.
 *
 * Cleanup (bot.stop, fake.close, temp dirs) is the harness' afterEach/afterAll.
 */
import { describe, expect, it } from 'vitest';
import type { ClientOptions } from 'discord.js';
import { chatInput, type FakeDiscord, type SentInteraction } from '../fake-discord/index.ts';
import { embedText, requestsFor, send, startHarness, until, waitForMessages, type Landed } from '../discord/harness.ts';

/** No ~5 s wait between identifies (discord.js' default throttler), as the fake's README says. */
const noIdentifyThrottle: Partial<ClientOptions> = { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } };

const ONE_ISSUE = 'We’ve got it down to one issue';

/** `/quote witkoff` was answered: a reply (type 4) or a deferred reply's edit, with the quote in it. */
function expectQuoteAnswer(msg: Landed): void {
  expect([4, 'edit']).toContain(msg.via);
  expect(embedText(msg.data)).toContain(ONE_ISSUE);
}

async function quoteWitkoff(fake: FakeDiscord): Promise<Landed & { sent: SentInteraction }> {
  const got = await send(fake, chatInput('quote', { speaker: 'witkoff' }));
  expectQuoteAnswer(got);
  return got;
}

describe('gateway faults', () => {
  it('a dropped gateway connection: the bot RESUMEs and answers the next /quote', async () => {
    const { fake } = await startHarness();
    await quoteWitkoff(fake);
    const resumesBefore = fake.resumes.length;
    expect(fake.identifies).toHaveLength(1);

    expect(fake.dropConnections()).toBe(1);
    const resume = await fake.waitForResume((r) => r.ok, 10_000);
    expect(resume.shardId).toBe(0);
    expect(fake.resumes.length).toBeGreaterThan(resumesBefore);
    expect(fake.identifies).toHaveLength(1); // resumed, not re-identified

    await quoteWitkoff(fake);
  });

  it('an invalidated session: the bot re-IDENTIFYs and answers a later /quote', async () => {
    const { fake, bot } = await startHarness({ clientOptions: noIdentifyThrottle });
    await quoteWitkoff(fake);
    const first = fake.identifies[0].sessionId;
    expect(fake.identifies).toHaveLength(1);

    expect(fake.invalidateSession()).toBe(1);
    const again = await fake.waitForIdentify((i) => i.sessionId !== first, 10_000);
    expect(again.shard).toEqual([0, 1]);
    expect(fake.identifies.length).toBeGreaterThan(1);
    await until(() => fake.connectedShards.includes(0) && bot.client.isReady(), 10_000);

    await quoteWitkoff(fake);
  });
});

describe('expired interaction token', () => {
  it('404 10062 on the callback: logged, no crash, the next interaction is answered', async () => {
    const { fake, bot, logs } = await startHarness();
    // An expired token stays expired: the reply and the router's error reply both get 10062.
    fake.failNext({ route: /interactions/, status: 404, code: 10062, message: 'Unknown interaction', count: 2 });
    const expired = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }));
    await until(() => requestsFor(fake, expired).filter((r) => r.status === 404).length === 2, 10_000);
    await until(() => logs.some((l) => l.includes('could not report an error to the user')), 10_000);

    const failed = logs.filter((l) => l.includes('/quote') && /10062|Unknown interaction/.test(l));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(logs.some((l) => / ERROR interaction failed: \/quote/.test(l))).toBe(true);
    expect(requestsFor(fake, expired).every((r) => r.status === 404)).toBe(true);
    expect(bot.client.isReady()).toBe(true);

    await quoteWitkoff(fake);
  });
});

describe('the bot token never leaks', () => {
  // Realistic shape: base64 user id . timestamp . HMAC (38 chars of [A-Za-z0-9_-]).
  const SECRET = 'q7Zr-x_K2mPw9LbT4vYc8NdJ0hFs6GuA3eRi5o';
  const TOKEN = `MTAwMDAwMDAwMDAwMDAwMDAx.GabcDE.${SECRET}`;

  it('through a normal command, an unknown command, a 500 that exhausts retries and a 429', async () => {
    expect(SECRET).toMatch(/^[A-Za-z0-9_-]{38}$/);
    const { fake, bot, logs } = await startHarness({ env: { DISCORD_TOKEN: TOKEN } });
    expect(bot.ctx.config.DISCORD_TOKEN).toBe(TOKEN);

    // 1. a normal command
    await quoteWitkoff(fake);

    // 2. an unknown command name: the router's UserError path (ephemeral error reply)
    const unknown = await send(fake, chatInput('nosuchcommand'));
    expect(unknown.via).toBe(4);

    // 3. a 500 on every attempt of a callback: discord.js gives up, the router logs the error with its stack
    fake.failNext({ route: /^POST \/interactions\/.*\/callback$/, status: 500, count: 4 });
    const broken = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }));
    await until(() => logs.some((l) => / ERROR interaction failed: \/quote/.test(l)), 15_000);
    // …and then tells the user (or logs that it could not).
    await until(
      () => requestsFor(fake, broken).some((r) => r.status < 300) || logs.some((l) => l.includes('could not report')),
      15_000,
    );
    expect(requestsFor(fake, broken).filter((r) => r.status === 500)).toHaveLength(4);

    // 4. a 429 on the callback: discord.js waits and the answer lands
    fake.failNext({ route: /^POST \/interactions\/.*\/callback$/, status: 429, retryAfter: 0.3 });
    const limited = fake.sendInteraction(chatInput('quote', { speaker: 'witkoff' }));
    const [msg] = await waitForMessages(fake, limited);
    expectQuoteAnswer(msg);
    expect(requestsFor(fake, limited).map((r) => r.status)).toContain(429);

    // The token really was used (so its absence below means something)…
    expect(fake.requests.length).toBeGreaterThan(5);
    expect(fake.requests.every((r) => r.headers.authorization === undefined || r.headers.authorization === `Bot ${TOKEN}`)).toBe(true);
    expect(fake.requests.some((r) => r.headers.authorization === `Bot ${TOKEN}`)).toBe(true);
    expect(fake.requests.some((r) => r.status === 500)).toBe(true);

    // …and the logs did capture things (debug level, including the error and its stack).
    expect(logs.length).toBeGreaterThan(3);
    expect(logs.some((l) => l.includes(' DEBUG '))).toBe(true);
    expect(logs.some((l) => l.includes(' ERROR '))).toBe(true);

    const allLogs = logs.join('\n');
    expect(allLogs).not.toContain(TOKEN);
    expect(allLogs).not.toContain(SECRET);

    const sent = JSON.stringify(fake.requests.map((r) => ({ ...r, headers: { ...r.headers, authorization: undefined } })));
    expect(sent).not.toContain(TOKEN);
    expect(sent).not.toContain(SECRET);
  });
});
