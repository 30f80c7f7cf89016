import { beforeAll, describe, expect, it } from 'vitest';
import { cleanName, resolveActor, suggestActors, type Resolution } from '../../src/search/index.ts';
import { seededApp, type SeededApp } from '../helpers/tmp.ts';

let s: SeededApp;
beforeAll(() => {
  s = seededApp();
});

const nameOf = (r: Resolution) => (r.kind === 'unknown' ? null : r.actor.name);

describe('resolveActor', () => {
  it.each(['witkov', 'Witkopf', 'Wittkopf', 'witkoff', 'WITKOFF', 'Steve Witkoff', '  steve   witkoff  ', 'Steven Witkoff'])(
    '%s is Steve Witkoff, exactly',
    (typed) => {
      const r = resolveActor(s.store, typed);
      expect(r.kind).toBe('exact');
      expect(nameOf(r)).toBe('Steve Witkoff');
    },
  );

  it.each(['witkof', 'wittkof', 'witkoof', 'Witkofff'])('the typo %s still finds Steve Witkoff (exact or corrected)', (typed) => {
    const r = resolveActor(s.store, typed);
    expect(['exact', 'corrected']).toContain(r.kind);
    expect(nameOf(r)).toBe('Steve Witkoff');
    if (r.kind === 'corrected') expect(r.typed).toBe(typed);
  });

  it.each([
    ['kremlin', 'Kremlin'],
    ['the Kremlin', 'Kremlin'],
    ['moscow', 'Russia'],
    ['Russian Federation', 'Russia'],
    ['kyiv', 'Ukraine'],
    ['Kiev', 'Ukraine'],
    ['putin', 'Vladimir Putin'],
    ['Zelenskiy', 'Volodymyr Zelenskyy'],
    ['zelensky', 'Volodymyr Zelenskyy'],
    ['nato', 'NATO'],
    ['Erdoğan', 'Recep Tayyip Erdogan'],
    ['erdogan', 'Recep Tayyip Erdogan'],
  ])('%s → %s', (typed, name) => {
    const r = resolveActor(s.store, typed);
    expect(r.kind).toBe('exact');
    expect(nameOf(r)).toBe(name);
  });

  it('gives the party an institution or person speaks for', () => {
    const kremlin = resolveActor(s.store, 'kremlin');
    const putin = resolveActor(s.store, 'putin');
    expect(kremlin.kind === 'exact' && kremlin.actor).toMatchObject({ kind: 'institution', party: 'Russia' });
    expect(putin.kind === 'exact' && putin.actor).toMatchObject({ kind: 'person', party: 'Russia' });
  });

  it.each(['zzzzqq', '', '   ', '!!!', '🙂', 'x'.repeat(6000)])('%j is unknown, with a suggestions array', (typed) => {
    const r = resolveActor(s.store, typed);
    expect(r.kind).toBe('unknown');
    if (r.kind === 'unknown') expect(Array.isArray(r.suggestions)).toBe(true);
  });

  it('suggests the near names for an unknown one', () => {
    const r = resolveActor(s.store, 'Witkowski');
    expect(r.kind).toBe('unknown');
    expect(r.kind === 'unknown' && r.suggestions.map((a) => a.name)).toContain('Steve Witkoff');
  });
});

describe('suggestActors', () => {
  it('offers Steve Witkoff for “witk”, within Discord’s 25 choices', () => {
    const names = suggestActors(s.store, 'witk').map((a) => a.name);
    expect(names).toContain('Steve Witkoff');
    expect(names.length).toBeLessThanOrEqual(25);
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists at most 25 distinct actors for an empty prefix, states first', () => {
    const list = suggestActors(s.store, '');
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(25);
    expect(list[0].kind).toBe('state');
    expect(new Set(list.map((a) => a.name)).size).toBe(list.length);
  });

  it('honours a smaller limit and a filter', () => {
    expect(suggestActors(s.store, 'r', 3).length).toBeLessThanOrEqual(3);
    const people = suggestActors(s.store, 'ru', 25, (a) => a.kind === 'person');
    expect(people.every((a) => a.kind === 'person')).toBe(true);
  });

  it('gives the same choices when the filter looks names up itself', () => {
    for (const q of ['kremln', 'zelesnky', 'wi']) {
      const plain = suggestActors(s.store, q).map((a) => a.name);
      const nested = suggestActors(s.store, q, 25, () => resolveActor(s.store, 'zelesnky').kind !== 'exact').map((a) => a.name);
      expect(nested, q).toEqual(plain);
    }
  });

  it('never throws on hostile input', () => {
    for (const q of ['"', '*', 'NEAR(', "'; DROP TABLE aliases; --", 'x'.repeat(6000), 'a\u0000b', '🙂🔥', 'Путин']) {
      const list = suggestActors(s.store, q);
      expect(list.length).toBeLessThanOrEqual(25);
    }
    expect(s.db.prepare('SELECT COUNT(*) FROM aliases').pluck().get()).toBeGreaterThan(40);
  });
});

describe('cleanName', () => {
  it('keeps letters, digits, dots and apostrophes, lowercased, without accents, at most 100 characters', () => {
    expect(cleanName('  Erdoğan!! ')).toBe('erdogan');
    expect(cleanName('U.S.')).toBe('u.s.');
    expect(cleanName('x'.repeat(500))).toHaveLength(100);
    expect(cleanName('"; DROP TABLE x; --')).toBe('drop table x --');
  });
});
