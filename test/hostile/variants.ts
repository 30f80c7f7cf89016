/** Generated articles for the crash test: the bundled seeds with words changed, so each file is its own article. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.ts';

const SWAPS: [RegExp, string][] = [
  [/\bThursday\b/g, 'Monday'],
  [/\bDavos\b/g, 'Geneva'],
  [/\bone issue\b/g, 'two issues'],
  [/\bprogress\b/g, 'headway'],
  [/\bnegotiations\b/g, 'talks'],
  [/\bEurope\b/g, 'the continent'],
];

/** `count` articles: seed i % 5, with a different set of swaps each, and a dated line of its own. */
export function articleVariants(count = 60): { name: string; text: string }[] {
  const dir = join(ROOT, 'seeds');
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  return Array.from({ length: count }, (_, i) => {
    let text = seeds[i % seeds.length];
    const variant = Math.floor(i / seeds.length);
    SWAPS.forEach(([re, to], bit) => {
      if ((variant >> bit) & 1) text = text.replace(re, to);
    });
    // Every fourth article is twice as long: bigger write transactions for the kill to land in.
    if (i % 4 === 3) text += `\n${text.split('\n').slice(1).join('\n')}`;
    text += `\nThe envoys are due to meet again on day ${i + 1} of the round, officials said.\n`;
    return { name: `article-${String(i).padStart(2, '0')}.txt`, text };
  });
}
