// Every sentence the engine says to people, in one place, so tone and wording stay consistent and
// adapters never invent their own. Adapters add only platform words (button labels and the like).

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** User text quoted back in a message: whole characters only (never half an emoji), and short. */
export function echo(text: string, limit: number): string {
  const characters = Array.from(text.trim());
  return characters.length > limit ? `${characters.slice(0, limit).join('')}…` : characters.join('');
}

export const MESSAGES = Object.freeze({
  // The examples travel as the reply's suggestions (buttons, a numbered list), not in this text.
  help: (intro: string, hasExamples: boolean): string => `${intro} ${hasExamples ? 'Try one of the questions below, ask your own' : 'Ask a question'}, or ask for the timeline.`,

  greeting: (greeting: string): string => greeting,
  thanks: 'You\'re welcome! Ask another question any time.',
  farewell: 'Bye! I\'m here whenever you have another question.',

  empty: 'Please type a question — for example "what did Amazon invest?".',
  tooLong: (limit: number) => `That message is too long for me (over ${limit} characters). Please ask one short question.`,

  decline: (scope: string): string =>
    `I don't have that in my knowledge base, so I won't guess. I know about ${scope}.`,
  declineUnanswered: (about: string, scope: string): string =>
    `I don't have that in my knowledge base: the story does not say ${about}, so I won't guess. I know about ${scope}.`,
  declineWithSuggestions: 'Maybe one of these helps:',

  clarify: 'I\'m not sure which of these you mean — pick one:',
  unknownEntry: 'That question is no longer in the knowledge base. The closest questions I have:',

  topicPrefix: (name: string): string => `${name}: `,

  timelineOverview: (title: string, topic: string | null, count: number, first: string, last: string): string =>
    topic
      ? `${plural(count, 'event')} involving ${topic}, ${first} – ${last}, each with its source.`
      : `${title}: ${plural(count, 'event')}, ${first} – ${last}, each with its source.`,
  timelineExample: '/timeline amazon 2026',
  timelineBadDate: (value: string): string =>
    `"${echo(value, 40)}" is not a date range I understand. Use a year (2026), a month (2026-02), a day (2026-02-27), "since 2026-02" or "2025..2026".`,
  timelineReversed: (from: string, to: string): string => `The range starts (${from}) after it ends (${to}). Put the earlier date first.`,
  timelineEmpty: (topic: string | null, first: string, last: string): string =>
    `No events ${topic ? `involving ${topic} ` : ''}in that range. The timeline covers ${first} to ${last}.`,
  unknownEvent: (name: string, known: readonly string[]): string =>
    `I don't know an event called "${echo(name.replace(/[^\p{L}\p{N} $%.'-]/gu, ''), 40)}". Events I know: ${known.join('; ')}.`,
  timelineUnknownTopic: (topic: string, known: readonly string[]): string =>
    `I have no timeline for "${echo(topic, 60)}". Topics I know: ${known.join(', ')}.`,
});

/** Words adapters show when a person is rate limited (platform-neutral). */
export function rateLimitedMessage(retryAfterSeconds: number): string {
  const wait = retryAfterSeconds <= 60 ? `${Math.max(1, retryAfterSeconds)} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return `You're asking faster than I can keep up with — please wait about ${wait} and ask again.`;
}
