// The buttons' action_id / value scheme. The bot keeps no state between a reply and a click (the
// click may come days later, after a restart), so each button carries what its handler needs:
//   footnote.ask.<n>               value = the question to answer (a clarify or related suggestion)
//   footnote.feedback.helpful      value = {"entry": …, "question": …}
//   footnote.feedback.not_helpful  value = same
// action_ids end in a number where several share a block, because Slack wants them unique there.
import { z } from 'zod';

export const ASK_ACTION_ID = /^footnote\.ask\.\d+$/;
export const FEEDBACK_ACTION_ID = /^footnote\.feedback\.(helpful|not_helpful)$/;
export const FEEDBACK_HELPFUL = 'footnote.feedback.helpful';
export const FEEDBACK_NOT_HELPFUL = 'footnote.feedback.not_helpful';

/** Slack rejects a button whose value is longer than this. */
export const BUTTON_VALUE_MAX = 2000;

export function askActionId(index: number): string {
  return `footnote.ask.${index}`;
}

export interface FeedbackTarget {
  entry: string;
  question: string;
}

const feedbackValueSchema = z.object({ entry: z.string().min(1), question: z.string() });

export function feedbackValue(target: FeedbackTarget): string {
  let question = target.question;
  let value = JSON.stringify({ entry: target.entry, question });
  // JSON escaping can lengthen the text, so shorten until the encoded form fits.
  while (value.length > BUTTON_VALUE_MAX && question.length > 0) {
    question = question.slice(0, Math.max(0, question.length - (value.length - BUTTON_VALUE_MAX) - 1));
    value = JSON.stringify({ entry: target.entry, question });
  }
  return value;
}

/** Null when the value is not one we made (an old message, or a forged payload). */
export function parseFeedbackValue(value: string | undefined): FeedbackTarget | null {
  if (value === undefined) return null;
  try {
    const parsed = feedbackValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
