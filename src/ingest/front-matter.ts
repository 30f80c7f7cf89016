import { parse as parseYaml } from 'yaml';

/**
 * An article's front matter, as the YAML library reads it. Nearly every one is a few `key: text`
 * lines, which are read here directly: the library took ~30 µs an article, and compiling its parser
 * cost each ingest thread a few hundred ms more. Anything else (a number, a boolean, a list, a
 * comment, an escape, a duplicate key, …) goes to the library. test/ingest/front-matter.test.ts
 * holds the two to the same result on generated front matter.
 */
export function parseFrontMatter(yaml: string): unknown {
  return textMapping(yaml) ?? parseYaml(yaml, { logLevel: 'error' }); // no process warnings: problems are rejections
}

/** `key: value` with a plain key; the value (possibly empty) is checked by `scalarText`. */
const LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?$/;
/** Quoted text with nothing the library would unescape or fold. */
const DOUBLE_QUOTED = /^"([^"\\]*)"[ ]*$/;
const SINGLE_QUOTED = /^'([^']*)'[ ]*$/;
/** Plain values the core schema reads as null, a boolean or a number: left to the library. */
const NOT_TEXT = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9._]*(?:[eE][-+]?[0-9_]+)?|0o[0-7_]+|0x[0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** The mapping when every line is `key: text` with distinct keys, else undefined. */
function textMapping(yaml: string): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const line of yaml.split('\n')) {
    const m = LINE.exec(line);
    // Keys the core schema reads as null or a boolean, keys past YAML's 1,024-character limit, and
    // repeated keys are the library's to answer (or refuse).
    if (!m || m[1] === '__proto__' || m[1].length > 1024 || NOT_TEXT.test(m[1]) || Object.hasOwn(out, m[1])) return undefined;
    const value = m[2] ? scalarText(m[2]) : null; // `key:` is null
    if (value === undefined) return undefined;
    out[m[1]] = value;
  }
  return out;
}

/** A one-line value as text, or undefined when it is anything but plain or simply quoted text. */
function scalarText(raw: string): string | undefined {
  const quoted = DOUBLE_QUOTED.exec(raw) ?? SINGLE_QUOTED.exec(raw);
  if (quoted) return quoted[1];
  const v = raw.replace(/ +$/, ''); // YAML strips spaces only (trimEnd would also take a no-break space)
  // A plain scalar may not start with an indicator, nor hold ": ", " #", a tab, or end in ":".
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) || /: | #|\t|:$/.test(v) || NOT_TEXT.test(v)) return undefined;
  return v;
}
