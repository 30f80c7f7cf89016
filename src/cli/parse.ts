import { COMMAND_SPECS, echo, type CommandSpec } from '../briefing/index.ts';

export type Parsed =
  | { ok: true; command: string; subcommand?: string; options: Record<string, string> }
  | { ok: false; error: string };

/** Split on spaces, keeping "double" or 'single' quoted runs together (quotes removed). */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  // A quote opens only at the start of a token (or after `name:`), so "Putin's" stays one word.
  const re = /(?<!\S)((?:[a-z_]+:)?)(?:"([^"]*)"|'([^']*)')(?=\s|$)|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    out.push(m[4] !== undefined ? m[4] : `${m[1]}${m[2] ?? m[3] ?? ''}`);
  }
  return out;
}

/**
 * Parse `/quote witkoff about:one issue` (console) or `quote witkoff about:"one issue"` (CLI).
 * Positional values fill options in declared order (the last one takes the rest; a word that is
 * not one of an option's choices stays with the value before it); `name:value` sets any option.
 */
export function parseCommand(input: string | string[]): Parsed {
  const tokens = typeof input === 'string' ? tokenize(input.trim()) : [...input];
  if (!tokens.length) return { ok: false, error: 'Type a command, for example /quote witkoff (or /help).' };
  const name = tokens.shift()!.replace(/^\//, '').toLowerCase();
  let spec: CommandSpec | undefined = COMMAND_SPECS.find((c) => c.name === name);
  if (!spec) {
    const names = COMMAND_SPECS.map((c) => `/${c.name}`).join(', ');
    return { ok: false, error: `Unknown command “${echo(name)}”. Commands: ${names}.` };
  }
  let subcommand: string | undefined;
  if (spec.subcommands) {
    const sub = tokens.shift()?.toLowerCase();
    const found = spec.subcommands.find((s) => s.name === sub);
    if (!found) return { ok: false, error: `/${spec.name} needs one of: ${spec.subcommands.map((s) => s.name).join(', ')}.` };
    subcommand = found.name;
    spec = found;
  }
  const options: Record<string, string> = {};
  const names = new Set(spec.options.map((o) => o.name));
  let positional = 0;
  let last: string | undefined;
  for (let t = 0; t < tokens.length; t++) {
    let token = tokens[t];
    const named = /^([a-z_]+):(.*)$/s.exec(token);
    if (named && names.has(named[1])) {
      last = named[1];
      options[last] = named[2];
      continue;
    }
    const next = spec.options[positional];
    // Two-word choices typed without name: ("russia security guarantees").
    const pair = `${token} ${tokens[t + 1] ?? ''}`.toLowerCase();
    if (next?.choices?.includes(pair) && last) {
      token = pair;
      t++;
    }
    const fitsNext = next && !(last && next.choices && !next.choices.includes(token.toLowerCase()));
    if (fitsNext && !(last && options[next.name] !== undefined)) {
      last = next.name;
      options[last] = token;
      positional++;
      continue;
    }
    if (last) {
      options[last] = options[last] ? `${options[last]} ${token}` : token;
      continue;
    }
    return { ok: false, error: `/${echo(name)} takes no value “${echo(token)}”.` };
  }
  for (const o of spec.options) {
    if (o.choices && options[o.name] !== undefined) {
      const v = options[o.name].toLowerCase();
      if (!o.choices.includes(v)) return { ok: false, error: `${o.name} must be one of: ${o.choices.join(', ')}.` };
      options[o.name] = v;
    }
  }
  const missing = spec.options.filter((o) => o.required && !options[o.name]?.trim());
  if (missing.length) return { ok: false, error: `/${[name, subcommand].filter(Boolean).join(' ')} needs ${missing.map((o) => o.name).join(' and ')}.` };
  return { ok: true, command: name, subcommand, options };
}
