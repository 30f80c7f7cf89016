import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Gazetteer } from '../nlp/index.ts';

export const BUNDLED_SEEDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../seeds');

const GazetteerSchema = z.object({
  actors: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.enum(['person', 'state', 'bloc', 'institution']),
      party: z.string().optional(),
      gender: z.enum(['m', 'f']).optional(),
      roles: z.array(z.string()).optional(),
      aliases: z.array(z.string().min(1)),
      demonyms: z.array(z.string().min(1)).optional(),
    }),
  ),
});

/** The actor gazetteer: `gazetteer.json` in the seeds directory, else the bundled one. */
export function loadGazetteer(seedsDir: string): Gazetteer {
  const own = join(seedsDir, 'gazetteer.json');
  const path = existsSync(own) ? own : join(BUNDLED_SEEDS_DIR, 'gazetteer.json');
  const parsed = GazetteerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}
