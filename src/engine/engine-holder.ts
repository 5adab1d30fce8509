// Adapters hold one Engine for their whole life; hot reload swaps what it delegates to, so a new
// knowledge version takes effect for the next question without restarting any connection.
import type { Engine, KnowledgeEngine } from './engine.js';
import type { InContextAnswer, PreviousTurn } from './follow-up.js';
import type { Knowledge } from './knowledge.js';
import type { Answer, Suggestion, TimelineQuery, TimelineResult } from './types.js';

/**
 * What a conversation serves from: the engine's questions, asking in context (follow-ups), asking by
 * entry id (buttons carry entry ids), and the pack's own words (help text). A KnowledgeEngine and an
 * EngineHolder are both one.
 */
export type ServingEngine = Engine & Pick<KnowledgeEngine, 'answerEntry' | 'answerInContext'> & { readonly knowledge: Pick<Knowledge, 'pack'> };

export class EngineHolder implements ServingEngine {
  constructor(private current: ServingEngine) {}

  swap(next: ServingEngine): void {
    this.current = next;
  }

  get knowledge(): Pick<Knowledge, 'pack'> {
    return this.current.knowledge;
  }

  answer(question: string): Answer {
    return this.current.answer(question);
  }

  answerInContext(text: string, previous: PreviousTurn | null): InContextAnswer {
    return this.current.answerInContext(text, previous);
  }

  answerEntry(id: string, asked?: string): Answer {
    return this.current.answerEntry(id, asked);
  }

  timeline(query: TimelineQuery): TimelineResult {
    return this.current.timeline(query);
  }

  timelineFromText(text: string, limit?: number): TimelineResult {
    return this.current.timelineFromText(text, limit);
  }

  suggest(partial: string, limit: number): Suggestion[] {
    return this.current.suggest(partial, limit);
  }

  help(): Answer {
    return this.current.help();
  }
}
