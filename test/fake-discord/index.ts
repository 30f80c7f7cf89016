export * from './server.ts';
export * from './payloads.ts';
export * from './limits.ts';
export * from './snowflake.ts';
