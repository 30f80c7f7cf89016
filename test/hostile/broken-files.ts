/** The broken-article batch of broken-articles.test.ts, as file name → content. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.ts';

const SEEDS_DIR = join(ROOT, 'seeds');

export const seed = (i: number) => readFileSync(join(SEEDS_DIR, ['000_cc3eafd6362e80be.txt', '001_a4b843c2ee7adb06.txt', '002_b69e0bdd63b41647.txt'][i]), 'utf8');

/** The batch: file name → content (a Buffer for bytes that are not text). */
export function batchFiles(): Record<string, string | Buffer> {
  const billionLaughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const [me, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    billionLaughs.push(`${me}: &${me} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const paragraph = seed(0).split('\n').filter((l) => l.length > 200).join(' ');
  return {
    '01-empty.txt': '',
    '02-binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00]),
    '03-invalid-utf8.txt': Buffer.concat([Buffer.from('Talks resume in Geneva\n\nThe envoys met '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]), Buffer.from(' on Monday.\n')]),
    '04-ten-megabytes.txt': Buffer.alloc(10 * 1024 * 1024, 'The envoys met again. '),
    '05-one-line-100k.txt': `${paragraph} `.repeat(Math.ceil(100_000 / (paragraph.length + 1))).slice(0, 100_000),
    '06-broken-front-matter.md': '---\ntitle: [unclosed\nurl: : :\n---\nThe envoys met in Geneva on Monday.\n',
    '07-unclosed-front-matter.md': '---\ntitle: Talks\n\nThe envoys met in Geneva on Monday.\n',
    '08-url-is-a-number.md': '---\ntitle: Talks\nurl: 12\n---\nThe envoys met in Geneva on Monday.\n',
    '09-title-is-a-list.md': '---\ntitle: [a, b]\n---\nThe envoys met in Geneva on Monday.\n',
    '10-title-is-a-mapping.md': '---\ntitle: {a: 1}\n---\nThe envoys met in Geneva on Monday.\n',
    '11-url-javascript.md': '---\ntitle: Talks\nurl: "javascript:alert(1)"\n---\nThe envoys met in Geneva on Monday.\n',
    '12-unbalanced-quotes.txt':
      'Quotes that never close\n\nZelensky said "we will never give up our land, and then the line ended.\n' +
      'Putin said “this one opens twice “and closes once” and the line goes on.\nPeskov told reporters ‘nothing more and nothing less.\n' +
      '"Closed, at last," Witkoff said. "And this one is not\n',
    '13-quote-without-speaker.txt': 'A statement in Kyiv\n\n“We will not give up one metre of our land.”\n\nThe statement came late on Tuesday.\n',
    '14-only-page-chrome.txt': 'Exit mobile version\nShare this article\n\nAdvertisement\nRead the full article here\nSource: Original article\n',
    '15-crlf-and-bom.txt': `\uFEFF${seed(1).replace(/\n/g, '\r\n')}`,
    '17-unreadable.txt': seed(2).replace(/Witkoff/g, 'Witkov'),
    '18-utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Talks resume in Geneva\n\nThe envoys met.\n', 'utf16le')]),
    '19-yaml-billion-laughs.md': `---\ntitle: Laughs\n${billionLaughs.join('\n')}\n---\nThe envoys met in Geneva on Monday.\n`,
    // Deep nesting made the YAML parser overflow the stack; in a process that had already run the
    // extraction regexes, V8 then aborted the whole process (FATAL: RegExpCompiler Allocation failed).
    '20-yaml-deep-flow-nesting.md': `---\ntitle: ${'['.repeat(5_000)}\n---\nThe envoys met in Geneva on Monday.\n`,
    '20b-yaml-deep-block-nesting.md': `---\n${'- '.repeat(3_000)}x\n---\nThe envoys met in Geneva on Monday.\n`,
    '20c-yaml-huge.md': `---\ntitle: Talks\n${Array.from({ length: 20_000 }, (_, i) => `&a${i}`).join(' ')} x\n---\nThe envoys met in Geneva on Monday.\n`,
    '22-control-characters.txt': 'Talks \u001b[31mresume\u001b[0m in Geneva\u0007\n\nThe envoys\u0008 met in Geneva on Monday.\u001b]0;owned\u0007 They will meet again.\n',
    '23-whitespace-only.txt': ' \n\t\n   \r\n',
    '24-front-matter-only.md': '---\ntitle: Just a title\noutlet: Wire\n---\n',
    '25-title-too-long.md': `---\ntitle: ${'T'.repeat(600)}\n---\nThe envoys met in Geneva on Monday.\n`,
    '27-emoji-headline.txt': `# ${'🕊️'.repeat(200)}\n\nThe envoys met in Geneva on Monday.\n`,
    '28-bidi-and-zero-width.txt': 'Talks \u202eresume\u202c in Geneva\n\nThe en\u200bvoys met in Gen\u2066eva\u2069 on Monday. Zelensky\u200d said “we want peace.”\n',
    '99-good.txt': seed(0).replace(/Thursday/g, 'Friday'),
  };
}

