// The data that flows between the pipeline stages: discover → parse → check → compare → report.
export * from './location.js';
export * from './finding.js';
export * from './documents.js';
export * from './evidence.js';
export * from './config.js';
export * from './workspace.js';
export * from './result.js';
export * from './tasks.js';
