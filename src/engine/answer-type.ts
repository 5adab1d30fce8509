// What kind of answer a question expects — a person, a date, an amount, a place, a reason, a yes or
// no, or a description — from its question words and cue words ("date", "since when", "$",
// "size", "author", "behind"). Entries know their own type from their canonical question, so a
// keyword question such as "dresser memo date" prefers the entry that gives a date.
import { words } from './normalize.js';
import { isYesNoQuestion } from './yes-no.js';

export type AnswerType = 'who' | 'when' | 'how-much' | 'where' | 'why' | 'yes-no' | 'what';

/** Cue words, after cleaning, that say what is asked even without a question word. */
const CUES: readonly [AnswerType, RegExp][] = [
  ['when', /\b(when|wen|whn|date|dates|dated|day|what time|since when|what year|which year|yr|timing|eta|how long ago|deadline)\b/],
  ['how-much', /\b(how much|how many|how big|how large|size|amount|sum|total|worth|value|valued|valuation|cost|price|figure|number|dollars?|billions?|bn|gigawatts?|gw|percent|percentage|stake size|how long|length|duration)\b/],
  ['who', /\b(who|whom|whose|author|authors|wrote|writer|behind|person|people|exec|executive|backers?|funders?|investors?|partners)\b/],
  ['where', /\b(where|wher|whr|location|located|hosted|host|hosts|which cloud|what cloud|runs on|run on)\b/],
  ['why', /\b(why|reason|reasons|motive|motivation|how come|what for)\b/],
];

/** The answer type a cleaned question expects; a leading question word wins over cue words. */
export function answerTypeOf(cleaned: string): AnswerType {
  const first = words(cleaned).find((word) => /^(who|whom|whose|when|where|why|how|what|which)$/.test(word));
  if (first === 'who' || first === 'whom' || first === 'whose') return 'who';
  if (first === 'when') return 'when';
  if (first === 'where') return 'where';
  if (first === 'why') return 'why';
  if (first === 'how' && /\bhow (much|many|big|large|long)\b/.test(cleaned)) return 'how-much';
  if (first === undefined && isYesNoQuestion(cleaned)) return 'yes-no';
  for (const [type, cue] of CUES) if (cue.test(cleaned)) return type;
  return 'what';
}

/** Types specific enough that a different one argues against a match. */
export function isSpecific(type: AnswerType): boolean {
  return type === 'who' || type === 'when' || type === 'how-much' || type === 'where' || type === 'why';
}
