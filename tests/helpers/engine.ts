// One engine per test file, loaded from the real knowledge folder.
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../../src/config.js';
import { loadEngine, type KnowledgeEngine } from '../../src/engine/engine.js';
import path from 'node:path';

let cached: Promise<KnowledgeEngine> | undefined;

export function realEngine(): Promise<KnowledgeEngine> {
  cached ??= loadEngine(DEFAULT_KNOWLEDGE_DIR);
  return cached;
}

export const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
