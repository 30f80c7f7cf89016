export { resolveActor, suggestActors, cleanName, type ActorRef, type Resolution } from './names.ts';
export { searchSentences, queryWords, type TextSearchResult } from './text.ts';
export { correctTerm, editDistance } from './vocabulary.ts';
