export * from './types.ts';
export { splitSentences } from './sentences.ts';
export { indexGazetteer, findMentions, type GazetteerIndex } from './entities.ts';
export { findQuoteSpans } from './quotes.ts';
export { tagTopic, TOPIC_RULES } from './topics.ts';
export { extractArticle } from './extract.ts';
