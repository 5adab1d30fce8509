// Adapters hold one Engine for their whole life; hot reload swaps what it delegates to, so a new
// knowledge version takes effect for the next question without restarting any connection.
import type { Engine } from './engine.js';
import type { Answer, Suggestion, TimelineQuery, TimelineResult } from './types.js';

export class EngineHolder implements Engine {
  constructor(private current: Engine) {}

  swap(next: Engine): void {
    this.current = next;
  }

  answer(question: string): Answer {
    return this.current.answer(question);
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
