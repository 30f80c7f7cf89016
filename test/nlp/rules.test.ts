import { describe, expect, it } from 'vitest';
import { loadGazetteer, BUNDLED_SEEDS_DIR } from '../../src/ingest/index.ts';
import { extractArticle, indexGazetteer, splitSentences, tagTopic } from '../../src/nlp/index.ts';

const index = indexGazetteer(loadGazetteer(BUNDLED_SEEDS_DIR));
const run = (text: string) => extractArticle(text, index);
const quotes = (text: string) => run(text).quotes.map((q) => [q.speaker, q.text]);
const positions = (text: string) => run(text).positions.map((p) => [p.actor, p.topic]);
const figures = (text: string) => run(text).figures.map((f) => [f.value, f.unit]);

describe('sentences', () => {
  it('survives U.S., Mr., initials and decimals', () => {
    const s = splitSentences('The U.S. envoy met Mr. Lavrov. Donald J. Trump said 3.5 percent. Then talks ended.').map((x) => x.text);
    expect(s).toEqual(['The U.S. envoy met Mr. Lavrov.', 'Donald J. Trump said 3.5 percent.', 'Then talks ended.']);
  });
  it('keeps a quotation that spans sentences in one sentence, and offsets point into the body', () => {
    const body = 'Rubio remarked, “So much work remains. But today was productive.” Talks resume Monday.';
    const s = splitSentences(body);
    expect(s.map((x) => x.text)).toEqual(['Rubio remarked, “So much work remains. But today was productive.”', 'Talks resume Monday.']);
    for (const x of s) expect(body.slice(x.start, x.end)).toBe(x.text);
  });
});

describe('quotes and speakers', () => {
  it('attribution after: “…,” Witkoff said / said Witkoff / said the envoy', () => {
    expect(quotes('“It was a compelling meeting,” Witkoff said.')).toEqual([['Steve Witkoff', 'It was a compelling meeting']]);
    expect(quotes('"We are close," said Wittkopf.')).toEqual([['Steve Witkoff', 'We are close']]);
  });
  it('a run of capitalised words across a full stop is two sentences, not one name', () => {
    const text =
      'Moscow controls most of Donetsk. Critics warn that a deal may be far off. Talks resumed on Tuesday. ' +
      'Belarus’s Interior Minister Alexei Jorzub said Belarus would only move forward if sanctions were lifted. ' +
      '“Nobody wants a line drawn without guarantees,” said Jorzub.';
    const x = run(text);
    expect(x.newActors.map((a) => [a.name, a.party])).toEqual([['Alexei Jorzub', 'Belarus']]);
    expect(x.quotes.map((q) => [q.speaker, q.party])).toEqual([['Alexei Jorzub', 'Belarus']]);
    expect(x.positions.map((p) => p.person)).not.toContain('Donetsk. Critics');
  });
  it('an institution is not a person, and a think-tank analyst does not speak for a state', () => {
    const text =
      'In a report published by the London-based Centre for European Security Studies, Dr Imogen Halsey compares the talks with Korea. ' +
      '‘A line on a map can hold for decades,’ she told me.';
    const x = run(text);
    expect(x.newActors.map((a) => [a.name, a.party])).toEqual([['Imogen Halsey', null]]);
    expect(x.quotes.map((q) => [q.speaker, q.party])).toEqual([['Imogen Halsey', null]]);
    expect(x.positions).toEqual([]);
  });
  it('attribution before: Rubio remarked, “…” and X said: “…”', () => {
    expect(quotes('Secretary of State Marco Rubio remarked, “So much work remains.”')).toEqual([['Marco Rubio', 'So much work remains']]);
    expect(quotes('Trump said on Monday: "Russia has to get moving."')).toEqual([['Donald Trump', 'Russia has to get moving']]);
  });
  it('a quote split by its attribution is two quotes by one speaker', () => {
    expect(quotes('"We will not give up land," he said. "Not one village." Zelensky spoke in Kyiv.'.replace('he said', 'Zelensky said'))).toEqual([
      ['Volodymyr Zelenskyy', 'We will not give up land'],
      ['Volodymyr Zelenskyy', 'Not one village'],
    ]);
  });
  it('participles take the subject of the main clause: asserting, telling reporters:', () => {
    expect(quotes('Yermak had previously said Ukraine would not concede land, asserting, “Not a single sane person would sign.”')).toEqual([
      ['Andriy Yermak', 'Not a single sane person would sign'],
    ]);
  });
  it('pronouns resolve to the last named subject, not a name inside a quotation', () => {
    const text = 'Witkoff said he “liked” Putin. “I don’t regard Putin as a bad guy,” he added.';
    expect(quotes(text)).toEqual([
      ['Steve Witkoff', 'liked'],
      ['Steve Witkoff', 'I don’t regard Putin as a bad guy'],
    ]);
  });
  it('partial quotes in reported speech are attributed', () => {
    expect(quotes('He spoke first. Zelensky said Trump should visit Ukraine to “understand what’s going on here” before any deal.')).toEqual([
      ['Volodymyr Zelenskyy', 'understand what’s going on here'],
    ]);
    expect(quotes('NATO chief Mark Rutte warned that while peace talks are "fantastic," Ukraine needs support.')).toEqual([['Mark Rutte', 'fantastic']]);
  });
  it('appositives: “Bolton, adviser to Trump …, told Sky News that …” is Bolton', () => {
    expect(
      quotes('John Bolton, national security adviser to Trump before falling out with the president, told Sky News that Witkoff was “a propaganda vehicle.”'),
    ).toEqual([['John Bolton', 'a propaganda vehicle']]);
  });
  it('relative clauses do not steal the quote: “The White House has conceded Trump, who pledged …, had been “…”', () => {
    expect(quotes('The White House has conceded Trump, who pledged to end the war in 24 hours, had been “continually frustrated.”')).toEqual([
      ['White House', 'continually frustrated'],
    ]);
  });
  it('institutions speak: The Kremlin said …', () => {
    expect(quotes('The Kremlin said on Tuesday that “everything is moving ahead very well.”')).toEqual([['Kremlin', 'everything is moving ahead very well']]);
  });
  it('speakers not in the gazetteer keep the name the article gives', () => {
    expect(quotes('"We came to discuss a ceasefire," Foreign Minister Andrii Sybiha said.')).toEqual([['Andrii Sybiha', 'We came to discuss a ceasefire']]);
  });
  it('scare quotes, headline phrases and unattributed labels are not quotes', () => {
    expect(quotes('Observers say the pressure falls within the "America First" strategy.')).toEqual([]);
    expect(quotes('Why the ‘One Issue’ in Russia-Ukraine Talks Could Decide the War’s End')).toEqual([]);
    expect(quotes('The pair will continue "military to military" technical talks.')).toEqual([]);
    expect(quotes('Critics, however, warn that even a “one-issue” peace deal may be far from simple.')).toEqual([]);
    expect(quotes('The "last issue" Witkoff mentioned likely involves territory.')).toEqual([]);
  });
  it('an unclosed quotation is dropped rather than guessed', () => {
    expect(quotes('Putin said, "We will never agree to this and then the article ends')).toEqual([]);
  });
});

describe('positions', () => {
  it('an actor asserting, insisting or maintaining something is a position of its party', () => {
    expect(positions('Russia continues to assert that Ukraine cannot join NATO.')).toEqual([['Russia', 'nato']]);
    expect(positions('Moscow has long insisted that Ukraine must relinquish claims to several regions.')).toEqual([['Russia', 'territory']]);
    expect(positions('Ukraine has maintained it cannot constitutionally cede territory while at war.')).toEqual([['Ukraine', 'territory']]);
  });
  it('a person or institution speaks for its party, and the person is kept', () => {
    const p = run('The Kremlin rejected a U.S. proposal for a full 30-day ceasefire.').positions;
    expect(p.map((x) => [x.actor, x.person, x.topic])).toEqual([['Russia', 'Kremlin', 'ceasefire']]);
  });
  it('a coordinated subject gives one position per actor', () => {
    expect(positions('European and Ukrainian officials proposed an 800,000 cap on troops.')).toEqual([
      ['Europe', 'troops'],
      ['Ukraine', 'troops'],
    ]);
  });
  it('a reported modal belongs to the speaker, not to the party named inside it', () => {
    expect(positions('Russia continues to assert that Ukraine cannot join NATO.').map((p) => p[0])).not.toContain('Ukraine');
  });
  it('neutral reporting verbs need a stance in the content', () => {
    expect(positions('Witkoff said there is a lot of detail to work through in negotiations.')).toEqual([]);
    expect(positions('Zelensky said Trump should visit Ukraine before negotiating deals.')).toEqual([['Ukraine', 'negotiations']]);
  });
  it('passives with an agent: ruled out by Kyiv', () => {
    expect(positions('Russia set conditions for a ceasefire, many of which have been flatly ruled out by Kyiv.').map((p) => p[0])).toContain('Ukraine');
  });
});

describe('figures', () => {
  it('counts with units, plan points, durations, money, percentages, fractions, distances', () => {
    expect(figures('Ukraine fields approximately 880,000 troops.')).toEqual([[880000, 'troops']]);
    expect(figures('After an initial 28-point plan, talks resumed.')).toEqual([[28, 'points']]);
    expect(figures('The Kremlin rejected a full 30-day ceasefire.')).toEqual([[30, 'days']]);
    expect(figures('He pledged to end the war in just 24 hours.')).toEqual([[24, 'hours']]);
    expect(figures('The EU pledged $9 billion in aid.')).toEqual([[9e9, 'USD']]);
    expect(figures('Output has fallen 19% this year.')).toEqual([[19, 'percent']]);
    expect(figures('Moscow controls about a fifth of Ukraine.')).toEqual([[0.2, 'fraction']]);
    expect(figures('The front runs for 1,200 kilometres.')).toEqual([[1200, 'km']]);
    expect(figures('The swap freed 314 prisoners.')).toEqual([[314, 'prisoners']]);
  });
  it('a bare cap takes its unit from the sentence', () => {
    expect(figures('The plan would reduce its armed forces to 600,000, officials said.')).toEqual([[600000, 'troops']]);
  });
  it('vague amounts keep their unit with no value', () => {
    expect(figures('The U.S. has provided tens of billions of dollars in military aid.')).toEqual([[null, 'USD']]);
  });
  it('dates, years, clock times, reading times, article numbers and ages are not figures', () => {
    expect(figures('On January 22, 2026, the meeting began at 12:00 GMT.')).toEqual([]);
    expect(figures('The invasion began in 2022.')).toEqual([]);
    expect(figures('Article 5 commits allies to defend each other.')).toEqual([]);
    expect(figures('A drone attack killed a 17-year-old in Odesa.')).toEqual([]);
    expect(figures('2 min read')).toEqual([]);
  });
});

describe('topics', () => {
  it('tags with the most specific topic the clause mentions', () => {
    expect(tagTopic('strong security guarantees for Ukraine')).toBe('security guarantees');
    expect(tagTopic('Ukraine cannot join NATO')).toBe('nato');
    expect(tagTopic('a partial truce in the Black Sea')).toBe('ceasefire');
    expect(tagTopic('lifting sanctions on Russian banks')).toBe('sanctions');
    expect(tagTopic('the weather was cold')).toBeNull();
  });
});
