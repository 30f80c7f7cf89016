import { describe, expect, it } from 'vitest';
import { parseCommand, tokenize } from '../../src/cli/parse.ts';

const ok = (input: string | string[]) => {
  const p = parseCommand(input);
  if (!p.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${p.error}`);
  return p;
};
const err = (input: string | string[]) => {
  const p = parseCommand(input);
  if (p.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(p)}`);
  return p.error;
};

describe('parseCommand', () => {
  it('fills options positionally in declared order', () => {
    expect(ok('/quote witkoff')).toEqual({ ok: true, command: 'quote', subcommand: undefined, options: { speaker: 'witkoff' } });
    expect(ok('/position russia nato').options).toEqual({ actor: 'russia', topic: 'nato' });
    expect(ok('/figures troops').options).toEqual({ topic: 'troops' });
  });

  it('works without the slash and with the command in any case', () => {
    expect(ok('quote witkoff').command).toBe('quote');
    expect(ok('/QUOTE Witkoff')).toMatchObject({ command: 'quote', options: { speaker: 'Witkoff' } });
  });

  it('sets any option with name:value', () => {
    expect(ok('/position russia topic:nato').options).toEqual({ actor: 'russia', topic: 'nato' });
    expect(ok('/position topic:nato actor:russia').options).toEqual({ actor: 'russia', topic: 'nato' });
    expect(ok('/quote speaker:witkoff').options).toEqual({ speaker: 'witkoff' });
  });

  it('lets the last option take the rest of the words', () => {
    expect(ok('/quote witkoff about:one issue').options).toEqual({ speaker: 'witkoff', about: 'one issue' });
    expect(ok('/search security guarantees for Kyiv').options).toEqual({ query: 'security guarantees for Kyiv' });
    expect(ok('/position vladimir putin').options).toEqual({ actor: 'vladimir putin' });
    expect(ok('/position russia topic:security guarantees').options).toEqual({ actor: 'russia', topic: 'security guarantees' });
  });

  it('keeps a word that is not one of a choice option’s values with the value before it', () => {
    expect(ok('/position vladimir putin nato').options).toEqual({ actor: 'vladimir putin', topic: 'nato' });
  });

  it('normalises and checks choices', () => {
    expect(ok('/position putin topic:NATO').options.topic).toBe('nato');
    expect(err('/position russia topic:weather')).toMatch(/topic must be one of: .*nato/);
  });

  it('refuses a missing required option, naming it', () => {
    expect(err('/quote')).toBe('/quote needs speaker.');
    expect(err('/quote about:ceasefire')).toBe('/quote needs speaker.');
    expect(err('/position topic:nato')).toBe('/position needs actor.');
    expect(err('/search')).toBe('/search needs query.');
  });

  it('refuses values for a command that takes none', () => {
    expect(err('/sources extra')).toMatch(/\/sources takes no value “extra”/);
    expect(ok('/sources').options).toEqual({});
  });

  it('refuses an unknown command, listing the commands', () => {
    const e = err('/nonsense');
    expect(e).toMatch(/Unknown command “nonsense”/);
    for (const c of ['/position', '/quote', '/figures', '/search', '/sources', '/help']) expect(e).toContain(c);
    expect(err('')).toMatch(/Type a command/);
    expect(err('   ')).toMatch(/Type a command/);
  });

  it('keeps "double" and \'single\' quoted values together', () => {
    expect(ok('quote witkoff about:"one issue"').options).toEqual({ speaker: 'witkoff', about: 'one issue' });
    expect(ok(`quote witkoff about:'one issue'`).options).toEqual({ speaker: 'witkoff', about: 'one issue' });
    expect(ok('position "vladimir putin" nato').options).toEqual({ actor: 'vladimir putin', topic: 'nato' });
  });

  it('takes argv-style arrays as the CLI passes them', () => {
    expect(ok(['quote', 'witkoff', 'about:one issue']).options).toEqual({ speaker: 'witkoff', about: 'one issue' });
    expect(ok(['position', 'russia', 'topic:nato']).options).toEqual({ actor: 'russia', topic: 'nato' });
  });

  it('reads subcommands', () => {
    expect(ok('/digest set 123456789012345678 09:00 Europe/Kyiv')).toMatchObject({
      command: 'digest',
      subcommand: 'set',
      options: { channel: '123456789012345678', time: '09:00', timezone: 'Europe/Kyiv' },
    });
    expect(ok('/digest status')).toMatchObject({ command: 'digest', subcommand: 'status', options: {} });
    expect(err('/digest')).toMatch(/needs one of: set, off, preview, status/);
    expect(err('/digest set 123456789012345678')).toMatch(/needs time and timezone/);
  });

  it('keeps a single apostrophe inside a value', () => {
    expect(ok("/search Putin's demands").options).toEqual({ query: "Putin's demands" });
  });

  // tokenize() treats any ' as the start of a quoted run, so two apostrophes in one line
  // ("Putin's and Zelensky's") become one quoted span: the apostrophes vanish and words merge.
  it('keeps apostrophes in possessives and contractions as typed', () => {
    expect(ok("/search Putin's and Zelensky's demands").options).toEqual({ query: "Putin's and Zelensky's demands" });
  });
});

describe('tokenize', () => {
  it('splits on spaces and keeps quoted runs, without the quotes', () => {
    expect(tokenize('a  "b c"   d')).toEqual(['a', 'b c', 'd']);
    expect(tokenize(`about:"one issue" x`)).toEqual(['about:one issue', 'x']);
    expect(tokenize('')).toEqual([]);
  });
});
