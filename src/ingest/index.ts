export { normalizeArticle, ArticleError, type NormalizedArticle } from './normalize.ts';
export { readArticleFile, MAX_ARTICLE_BYTES } from './read.ts';
export { loadGazetteer, BUNDLED_SEEDS_DIR } from './gazetteer.ts';
export { ingestPaths, syncDirectory, listArticleFiles, emptyReport, ARTICLE_EXTENSIONS, type IngestReport } from './ingest.ts';
