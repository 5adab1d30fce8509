// `npm run docs:examples`: writes docs/examples.md — what an answer looks like on each platform,
// rendered by the real renderers from the real engine, so the docs cannot drift from the code. It
// fails, naming the example, when a question no longer gets the kind of reply its section shows or
// when a rendered message leaves out a link to one of the answer's sources.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderAnswer as renderConsole, renderTimeline as renderConsoleTimeline } from '../src/adapters/console/render.js';
import { renderAnswer as renderDiscord, renderReply as renderDiscordReply, type RenderedMessage } from '../src/adapters/discord/render.js';
import { MemoryChat } from '../src/adapters/memory/memory-chat.js';
import { renderAnswer as renderSlack, renderReply as renderSlackReply, type SlackMessage } from '../src/adapters/slack/render.js';
import { DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/config.js';
import { Conversation } from '../src/conversation/conversation.js';
import type { SentReply } from '../src/conversation/types.js';
import { loadEngine } from '../src/engine/engine.js';
import type { Answer, SourceRef } from '../src/engine/types.js';
import { silentLogger } from '../src/logger.js';

const engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
const question = 'what did Amazon invest?';
const answer = engine.answer(question);
// The first of a few vague questions that the engine meets with its closest questions.
const vague = ['microsoft and amazon', 'cloud deal', 'openai azure aws', 'memo microsoft', 'amazon deal?'];
const clarify = vague.map((text) => engine.answer(text)).find((candidate) => candidate.kind === 'clarify');
if (!clarify) throw new Error(`none of ${vague.join(', ')} gets a clarify reply any more: pick another example`);
// The first of a few questions the story does not answer, though they share words with it, that
// the engine declines (the README's opening shows the first).
const unanswerable = ['did Amazon invest in Anthropic?', 'how much did amazon put into anthropic?', 'what is msft trading at?'];
const outside = unanswerable.map((text) => engine.answer(text)).find((candidate) => candidate.kind === 'decline');
if (!outside) throw new Error(`none of ${unanswerable.join(', ')} is declined any more: pick another example`);
const timeline = engine.timeline({ topic: 'amazon', limit: 4 });
if (!timeline.ok) throw new Error(timeline.error.message);

/** A question whose reply is computed from the facts, or otherwise shows one more kind of answer. */
interface Example {
  heading: string;
  question: string;
  /** What the section says before the rendered reply. */
  intro: string;
  /** Why the reply is not the kind this section shows, or null when it is. */
  unexpected(reply: Answer): string | null;
}

const reasonIs =
  (reason: Answer['reason']) =>
  (reply: Answer): string | null =>
    reply.kind === 'answer' && reply.reason === reason ? null : `expected an answer with reason "${reason}", got ${reply.kind}/${reply.reason}`;

const EXAMPLES: readonly Example[] = [
  {
    heading: 'Which came first (order)',
    question: 'which came first, stargate or the amazon deal?',
    intro: 'Computed from the two events\' dated facts (reason `order`), citing the sources of both.',
    unexpected: reasonIs('order'),
  },
  {
    heading: 'How long between two events (duration)',
    question: 'how long between stargate and the amazon deal?',
    intro: 'Computed from the facts (reason `duration`), showing the arithmetic and the facts it used.',
    unexpected: reasonIs('duration'),
  },
  {
    heading: 'A wrong premise, corrected (premise)',
    question: 'so microsoft put in the 50 billion?',
    intro: 'The question names the wrong party for a known amount. footnote checks it against the facts\' parties and amounts and says no, who it was, and the fact with its source (reason `premise`).',
    unexpected: (reply) => reasonIs('premise')(reply) ?? (reply.text.startsWith('No') ? null : `expected a reply opening with "No", got: ${reply.text.slice(0, 60)}`),
  },
  {
    heading: 'A chronology asked in words',
    question: 'what happened since the memo?',
    intro: 'A chronology from a named event, asked in plain words rather than with `/timeline`: the events after it, each with its date and sources.',
    unexpected: (reply) => (reply.kind === 'timeline' && (reply.timeline?.events.length ?? 0) > 0 ? null : `expected a timeline with events, got ${reply.kind}/${reply.reason}`),
  },
  {
    heading: 'A yes/no question',
    question: 'is the microsoft openai deal dead?',
    intro: 'The reply opens with the yes or no that answers the question as asked, then the dated facts behind it.',
    unexpected: (reply) => (reply.kind === 'answer' && /^(Yes|No)\b/.test(reply.text) ? null : `expected an answer opening with Yes or No, got ${reply.kind}/${reply.reason}: ${reply.text.slice(0, 60)}`),
  },
];

/** Every source an answer cites, its timeline events' included, once each. */
function citedSources(reply: Answer): SourceRef[] {
  const all = [...reply.sources, ...(reply.timeline?.events.flatMap((event) => event.sources) ?? [])];
  return [...new Map(all.map((source) => [source.url, source])).values()];
}

/**
 * The URLs of `reply`'s sources that a rendered message does not link: Slack as `<url|title>` in
 * the blocks and in the notification text, Discord as `[title](url)` in the embed.
 */
function missingLinks(reply: Answer, slack: SlackMessage, discord: RenderedMessage): string[] {
  const problems: string[] = [];
  const blocks = JSON.stringify(slack.blocks);
  const embeds = JSON.stringify(discord.embeds);
  for (const { url } of citedSources(reply)) {
    const discordUrl = url.replace(/\(/g, '%28').replace(/\)/g, '%29');
    if (!blocks.includes(`<${url}|`)) problems.push(`Slack blocks lack ${url}`);
    if (!slack.text.includes(`<${url}|`)) problems.push(`Slack notification text lacks ${url}`);
    if (!embeds.includes(`](${url})`) && !embeds.includes(`](${discordUrl})`)) problems.push(`Discord embed lacks ${url}`);
  }
  return problems;
}

function rendered(reply: Answer, what: string): { slack: SlackMessage; discord: RenderedMessage } {
  const slack = renderSlack(reply);
  const discord = renderDiscord(reply);
  const problems = missingLinks(reply, slack, discord);
  if (citedSources(reply).length === 0) problems.push('the answer cites no source');
  if (problems.length > 0) throw new Error(`${what} ("${reply.question}"): ${problems.join('; ')}`);
  return { slack, discord };
}

const json = (value: unknown): string => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
const { slack, discord } = rendered(answer, 'the main example');

function exampleSection(example: Example): string {
  const reply = engine.answer(example.question);
  const problem = example.unexpected(reply);
  if (problem !== null) throw new Error(`example "${example.heading}" ("${example.question}"): ${problem}. Pick another question.`);
  const message = rendered(reply, `example "${example.heading}"`);
  return `### ${example.heading}

**"${example.question}"** — ${example.intro}

\`\`\`text
you › ${example.question}
${renderConsole(reply)}
\`\`\`

Slack's notification text:

\`\`\`text
${message.slack.text}
\`\`\`

<details><summary>Slack: the message as sent to <code>chat.postMessage</code> (Block Kit JSON)</summary>

${json(message.slack)}

</details>

<details><summary>Discord: the reply (embed JSON)</summary>

${json(message.discord)}

</details>
`;
}

// One thread, three turns, through the conversation layer as Slack and Discord use it; reply ids
// are numbered so the page is the same every time it is generated.
const THREAD = ['what did Amazon invest?', 'when was that?', 'and microsoft?'];
let replies = 0;
const nextReplyId = (): string => {
  replies += 1;
  return `r${replies}`;
};
const chat = new MemoryChat(new Conversation({ engine, logger: silentLogger(), replyIds: nextReplyId }));
const turns: { asked: string; reply: SentReply }[] = [];
for (const asked of THREAD) {
  const reply = await chat.ask(asked);
  if (reply.kind !== 'answer') throw new Error(`"${asked}" got a ${reply.kind}: pick another example`);
  turns.push({ asked, reply });
}
if (turns.slice(1).some(({ reply }) => reply.kind !== 'answer' || reply.tookAs === null)) throw new Error('the follow-ups were not read as follow-ups: pick other examples');

/** A Slack message as a person reads it: each block's text, buttons as [labels]. */
function slackView(message: SlackMessage): string {
  return message.blocks
    .map((block) => {
      if (block.type === 'section') return block.text?.text ?? '';
      if (block.type === 'context') return block.elements.map((element) => ('text' in element ? element.text : '')).join(' ');
      if (block.type === 'actions') return block.elements.map((element) => ('text' in element && element.text ? `[${element.text.text}]` : '')).join(' ');
      return '';
    })
    .join('\n');
}

/** A Discord message as a person reads it: the embed from top to bottom, buttons as [labels]. */
function discordView(message: RenderedMessage): string {
  const lines: string[] = [];
  for (const embed of message.embeds) {
    if (embed.author) lines.push(embed.author.name);
    if (embed.title) lines.push(`**${embed.title}**`);
    if (embed.description) lines.push(embed.description);
    for (const field of embed.fields ?? []) lines.push(`${field.name}:`, field.value);
    if (embed.footer) lines.push(`— ${embed.footer.text}`);
  }
  if (message.content) lines.push(message.content);
  for (const row of message.components) lines.push(row.components.map((button) => `[${button.label ?? ''}]`).join(' '));
  return lines.join('\n');
}

const slackThread = turns.map(({ asked, reply }) => `**@footnote ${asked}** (${asked === THREAD[0] ? 'a mention in the channel' : 'a mention in its thread'})\n\n\`\`\`text\n${slackView(renderSlackReply(reply))}\n\`\`\``).join('\n\n');
const discordThread = turns.map(({ asked, reply }) => `**${asked === THREAD[0] ? `@footnote ${asked}` : asked}** (${asked === THREAD[0] ? 'a mention' : 'a reply to the answer above'})\n\n\`\`\`text\n${discordView(renderDiscordReply(reply))}\n\`\`\``).join('\n\n');
const followUp = turns[1]?.reply as SentReply;
// Every answer of the thread shows its sources as links on both platforms, as the sections above do.
for (const { asked, reply } of turns) {
  if (reply.kind !== 'answer' || !reply.answer.answered) continue;
  const problems = missingLinks(reply.answer, renderSlackReply(reply), renderDiscordReply(reply));
  if (problems.length > 0) throw new Error(`the thread's "${asked}": ${problems.join('; ')}`);
}

const page = `# What an answer looks like

Generated by \`npm run docs:examples\` from the real engine and renderers (do not edit by hand).
The first sections show one question, **"${question}"**, on every surface; [More kinds of answer](#more-kinds-of-answer)
shows answers computed from the facts (order, duration, a corrected premise), a chronology asked in
words and a yes/no question, each in the console, Slack and Discord.

## Console and CLI (\`npm start\`, \`footnote ask\`)

\`\`\`text
you › ${question}
${renderConsole(answer)}
\`\`\`

\`footnote timeline --topic amazon --limit 4\`:

\`\`\`text
${renderConsoleTimeline(timeline.timeline)}
\`\`\`

## Slack (Block Kit)

In the thread under the question, Slack shows the answer, then a context line per source (a link
with the publisher and date), related questions as buttons, and 👍 / 👎 feedback buttons. The
\`text\` field is the notification fallback and carries the link too:

\`\`\`text
${slack.text}
\`\`\`

The message as sent to \`chat.postMessage\`:

${json(slack)}

## Discord (embed)

A reply to the question: an embed titled with the matched question, the answer as its description,
the sources as linked fields, and buttons underneath. \`allowed_mentions.parse\` is empty, so
nothing in it can ping anyone.

${json(discord)}

## A thread: follow-up questions

A short question that names only a new subject ("and microsoft?") or only a question word ("when
was that?") is read with the question before it in the same conversation, and the reply says what
it took as the question. The same three turns on each platform, rendered from the same replies of
the conversation layer (buttons carry the reply's id and, to ask a question, the entry's id).

### Slack: a thread

Follow-ups in a thread mention the bot (\`app_mention\` carries the thread's \`thread_ts\`); in a DM
every message arrives. An \`/ask\` answer is posted in the channel, so its thread works the same way.

${slackThread}

### Discord: replies to the bot

A follow-up is a reply to the bot's message: the reply pings the bot by default, which puts it in
\`mentions\`, so Discord delivers the text without the Message Content intent. A mention or a DM
works too.

${discordThread}

The second turn as sent, on each platform:

${json({ slack: renderSlackReply(followUp), discord: renderDiscordReply(followUp) })}

## When the question is ambiguous

"${clarify.question}" gets the closest questions, as buttons on both platforms:

\`\`\`text
${renderConsole(clarify)}
\`\`\`

## When the story does not say

"${outside.question}" shares words with the knowledge, but the story does not answer it: footnote
declines rather than guess, says what it leaves out, and offers questions it can answer.

\`\`\`text
${renderConsole(outside)}
\`\`\`

## More kinds of answer

Each reply below cites every source it used: the generator fails if a Slack message (blocks or
notification text) or a Discord embed leaves out a link to one of them.

${EXAMPLES.map(exampleSection).join('\n')}`;
writeFileSync(path.join(PROJECT_ROOT, 'docs', 'examples.md'), page);
console.log('wrote docs/examples.md');
