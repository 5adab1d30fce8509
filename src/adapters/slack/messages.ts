// Every word only the Slack adapter shows to people, in one place. The answers come from the engine
// and the words every platform shares (apologies, thanks, follow-up notes) from the conversation
// layer; these are Slack's labels and slash-command hints around them. Values are mrkdwn: anything
// that is not ours is escaped where it is put in.
import { MESSAGES as SHARED } from '../../conversation/messages.js';
import { safeLine } from '../safe-text.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** What a person typed, quoted back: on one line, with nothing that beeps, hides or reorders text. */
const echo = (text: string): string => escapeMrkdwn(safeLine(text).replace(/\s+/g, ' ').trim());

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U…>` for a real user id, "Someone" for anything else: a payload can never inject a mention. */
function userMention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : 'Someone';
}

export const MESSAGES = Object.freeze({
  sourcesHeading: `*${SHARED.sourcesHeading}*`,
  relatedHeading: 'Related questions:',
  suggestionsHeading: 'Closest questions I can answer:',
  examplesHeading: 'Try one of these:',
  feedbackPrompt: SHARED.feedbackPrompt,
  helpfulLabel: `👍 ${SHARED.helpfulLabel}`,
  notHelpfulLabel: `👎 ${SHARED.notHelpfulLabel}`,

  askedBy: (userId: string, question: string): string =>
    `${userMention(userId)} asked: “${echo(question)}”`,
  askedForTimeline: (userId: string, query: string): string =>
    echo(query) === ''
      ? `${userMention(userId)} asked for the timeline`
      : `${userMention(userId)} asked for the timeline: “${echo(query)}”`,
  /** A line the conversation layer wrote (plain text, possibly quoting the person), as mrkdwn. */
  shared: (text: string): string => escapeMrkdwn(text),
  tookAs: (question: string): string => `↪ ${escapeMrkdwn(SHARED.tookAs(safeLine(question).replace(/\s+/g, ' ').trim()))}`,

  askUsage: (example: string): string =>
    `Type your question after the command, for example: \`/ask ${escapeMrkdwn(example)}\``,
  timelineProblem: (message: string, example: string): string => {
    const command = example.startsWith('/timeline') ? example : `/timeline ${example}`.trimEnd();
    // The message quotes the topic or range as typed.
    return `${echo(message)} For example: \`${escapeMrkdwn(command)}\``;
  },
  timelineMore: (hidden: number): string =>
    `…and ${hidden} more ${hidden === 1 ? 'event' : 'events'} not shown here. Narrow it down by adding a topic or a year after \`/timeline\`.`,
  timelineCount: (shown: number, total: number): string => `showing ${shown} of ${total} events`,

  unknownCommand: (command: string, known: readonly string[]): string =>
    `I don't know \`${echo(command)}\`. I answer ${known.map((name) => `\`${name}\``).join(' and ')} — or mention me with a question.`,
  sourceFallback: (links: string): string => `Sources: ${links}`,
});
