export * from './fake-slack.js';
export * from './payloads.js';
export * from './recorder.js';
export * from './signer.js';
