// The Slack renderer on its own: pure input → Block Kit output. First the shared render contract
// (real engine output, hostile questions), then Slack specifics with hand-built and generated
// answers, read through the contract's Slack functions (links, visible text, limits).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeButton } from '../../src/conversation/buttons.js';
import { MESSAGES } from '../../src/adapters/slack/messages.js';
import { questionFromSlackText } from '../../src/adapters/slack/mrkdwn.js';
import { FEEDBACK_HELPFUL, renderAnswer, renderTimeline } from '../../src/adapters/slack/render.js';
import type { Answer, SourceRef, Timeline, TimelineEvent } from '../../src/engine/types.js';
import { describeRenderContract } from '../contract/render-contract.js';
import { slackHasLiveMention, slackLimitViolations, slackLinks, slackRenderContract as contract } from './slack-render-contract.js';

const source = (n: number, overrides: Partial<SourceRef> = {}): SourceRef => ({
  id: `s${n}`,
  title: `Source title ${n}`,
  publisher: `Publisher ${n}`,
  url: `https://example.com/articles/${n}`,
  date: '2026-02-27',
  ...overrides,
});

const answer = (overrides: Partial<Answer> = {}): Answer => ({
  kind: 'answer',
  reason: 'matched',
  answered: true,
  question: 'What did Amazon invest?',
  text: 'Amazon said it would invest $50 billion.',
  sources: [source(1), source(2)],
  confidence: 1,
  entry: 'amazon-investment',
  matchedQuestion: 'How much is Amazon investing in OpenAI?',
  suggestions: [{ entry: 'amazon-partnership', question: 'What did OpenAI and Amazon announce?' }],
  ...overrides,
});

const event = (n: number, text = `Event number ${n} happened.`): TimelineEvent => ({
  fact: `f${n}`,
  date: '2026-02-27',
  dateLabel: '27 Feb 2026',
  text,
  sources: [source(n)],
});

const timeline = (events: TimelineEvent[], total = events.length): Timeline => ({
  overview: `${total} events about things.`,
  topic: null,
  from: null,
  to: null,
  events,
  total,
});

describeRenderContract(contract);

/** C0 and C1 controls, line and paragraph separators, and every bidi control: none may be echoed. */
const ECHO_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE = '<!channel> <!here> <!everyone> <@U0VICTIM> <#C0SECRET> <!subteam^S0TEAM> & <b>';

describe('GIVEN an answer rendered for Slack', () => {
  it('THEN every source is a link (title, publisher, date) in the blocks and in the fallback text', () => {
    const message = renderAnswer(answer());
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1', 'https://example.com/articles/2']);
    expect(contract.visibleText(message)).toContain('Publisher 1, 27 Feb 2026');
    expect(slackLinks(message.text)).toEqual(['https://example.com/articles/1', 'https://example.com/articles/2']);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('WHEN user and knowledge text carry mentions or markup THEN all of it is escaped and no link breaks', () => {
    const message = renderAnswer(
      answer({ question: HOSTILE, text: HOSTILE, sources: [source(1, { title: HOSTILE, publisher: HOSTILE })] }),
      { askedBy: 'U0ASKER01' },
    );
    const shown = contract.visibleText(message).replaceAll('<@U0ASKER01>', '');
    expect(contract.hasLiveMention(shown)).toBe(false);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&amp; &lt;b&gt;');
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1']);
  });

  it('WHEN the question carries NUL, BEL, ESC, line breaks or bidi controls THEN the "asked:" line and the fallback text echo it without them', () => {
    const typed = 'what\u0000did\u0007 \u001b[2JAmazon\u202e\u2066 invest?\u2028\r\nreally\u200f';
    const message = renderAnswer(answer({ question: typed }), { askedBy: 'U0ASKER01' });
    const asked = '<@U0ASKER01> asked: “what did [2JAmazon invest? really”';
    const [contextBlock] = message.blocks;
    expect(contextBlock?.type === 'context' ? contextBlock.elements : []).toEqual([expect.objectContaining({ text: asked })]);
    expect(message.text.split('\n')[0]).toBe(asked);
  });

  it('WHEN a timeline query or a timeline problem quotes control characters THEN they are stripped from the echo', () => {
    const message = renderTimeline(timeline([event(1)]), { askedBy: 'U0ASKER01', asked: 'amazon\u001b]8;;https://evil.example\u0007 2026\u202e' });
    const asked = '<@U0ASKER01> asked for the timeline: “amazon ]8;;https://evil.example 2026”';
    expect(message.text.split('\n')[0]).toBe(asked);
    expect(contract.visibleText(message)).toContain(asked);
    expect(MESSAGES.askedForTimeline('U0ASKER01', '\u0000\u202e')).toBe('<@U0ASKER01> asked for the timeline');
    const problem = MESSAGES.timelineProblem('I have no timeline for "anth\u0007ropic\u202e\u0000".', 'amazon');
    expect(problem).toBe('I have no timeline for "anth ropic ". For example: `/timeline amazon`');
    expect(problem).not.toMatch(ECHO_CONTROLS);
  });

  it('WHEN asked-by is not a Slack user id THEN no mention is produced from it', () => {
    const message = renderAnswer(answer(), { askedBy: '!channel' });
    expect(slackHasLiveMention(contract.visibleText(message))).toBe(false);
    expect(contract.visibleText(message)).toContain('Someone asked');
  });

  it('WHEN the answer is very long THEN the text is cut to the 3,000-character limit', () => {
    const message = renderAnswer(answer({ text: 'word & '.repeat(2000) }));
    expect(slackLimitViolations(message)).toEqual([]);
    expect(contract.visibleText(message)).toContain('…');
  });

  it('THEN related questions are buttons that carry the reply id and the entry id, and feedback the reply id', () => {
    const message = renderAnswer(answer(), { reply: 'r42' });
    const elements = message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
    const payloadOf = (actionId: string): unknown => {
      const element = elements.find((candidate) => 'action_id' in candidate && candidate.action_id === actionId);
      return element !== undefined && 'value' in element ? element.value : undefined;
    };
    expect(decodeButton(payloadOf('footnote.ask.0'))).toEqual({ kind: 'ask', reply: 'r42', entry: 'amazon-partnership' });
    expect(decodeButton(payloadOf(FEEDBACK_HELPFUL))).toEqual({ kind: 'feedback', reply: 'r42', helpful: true, entry: null });
    // No question text rides in a button to be matched again.
    expect(JSON.stringify(elements.map((element) => ('value' in element ? element.value : '')))).not.toContain('Amazon');
  });

  it('WHEN the reply is a follow-up THEN the question it was taken as shows above the answer, escaped, and in the fallback', () => {
    const message = renderAnswer(answer(), { tookAs: 'When did <!channel> invest?', note: 'A note <@U0VICTIM>.' });
    const shown = contract.visibleText(message);
    expect(shown).toContain('Taking that as: “When did &lt;!channel&gt; invest?”');
    expect(shown).toContain('A note &lt;@U0VICTIM&gt;.');
    expect(slackHasLiveMention(shown)).toBe(false);
    expect(message.text).toMatch(/^Taking that as: /);
  });

  it('WHEN the feedback question is huge or full of quotes THEN the button value still fits 2,000 characters', () => {
    const message = renderAnswer(answer({ question: '"\\'.repeat(3000) }));
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('WHEN the engine asks to clarify THEN its closest questions are buttons and no feedback is offered', () => {
    const message = renderAnswer(
      answer({
        kind: 'clarify',
        answered: false,
        text: 'Which one do you mean?',
        sources: [],
        entry: null,
        suggestions: [
          { entry: 'a', question: 'Is Azure still the exclusive cloud for OpenAI APIs?' },
          { entry: 'b', question: 'What role does AWS play?' },
        ],
      }),
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('"action_id":"footnote.ask.0"');
    expect(text).toContain('"action_id":"footnote.ask.1"');
    expect(text).not.toContain('footnote.feedback');
    expect(contract.visibleText(message)).toContain(MESSAGES.suggestionsHeading);
  });
});

describe('GIVEN a timeline rendered for Slack', () => {
  it('THEN each event shows its date and its source links', () => {
    const message = renderTimeline(timeline([event(1), event(2)]));
    expect(contract.sourceLinks(message)).toEqual(['https://example.com/articles/1', 'https://example.com/articles/2']);
    expect(contract.visibleText(message)).toContain('*27 Feb 2026* — Event number 1');
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('WHEN it has more events than 50 blocks hold THEN it stays in the limits and says how many more', () => {
    const events = Array.from({ length: 120 }, (_, n) => event(n, `Long event ${n}: ${'x'.repeat(4000)}`));
    const message = renderTimeline(timeline(events), { askedBy: 'U0ASKER01', asked: 'everything' });
    expect(slackLimitViolations(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    const shownEvents = message.blocks.filter((block) => JSON.stringify(block).includes('Long event')).length;
    expect(contract.visibleText(message)).toContain(MESSAGES.timelineMore(120 - shownEvents));
  });

  it('WHEN the engine already cut the list (total > events) THEN the hidden ones are counted too', () => {
    const message = renderTimeline(timeline([event(1), event(2)], 9));
    expect(contract.visibleText(message)).toContain(MESSAGES.timelineMore(7));
  });
});

describe('GIVEN arbitrary text from people and knowledge', () => {
  const text = fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', '#', '|', 'a', ' ', 'channel', 'U1', '^', '*') });
  it('THEN no rendering ever contains a live mention or breaks a Block Kit limit', () => {
    fc.assert(
      fc.property(text, text, text, fc.integer({ min: 0, max: 80 }), (question, body, title, eventCount) => {
        const rendered = renderAnswer(answer({ question, text: body, sources: [source(1, { title })] }));
        const chronology = renderTimeline(timeline(Array.from({ length: eventCount }, (_, n) => event(n, body))));
        for (const message of [rendered, chronology]) {
          expect(slackHasLiveMention(contract.visibleText(message))).toBe(false);
          expect(slackLimitViolations(message)).toEqual([]);
        }
        expect(contract.sourceLinks(rendered)).toEqual(['https://example.com/articles/1']);
      }),
      { numRuns: 200 },
    );
  });
});

describe('GIVEN text as Slack delivers it', () => {
  it('THEN the bot mention is removed, links reduced to labels and entities decoded', () => {
    expect(questionFromSlackText('<@U0BOT> is 1 &lt; 2 &amp; <https://x.io/a|this>?', 'U0BOT')).toBe('is 1 < 2 & this?');
    expect(questionFromSlackText('<@U0BOT|footnote>   ', 'U0BOT')).toBe('');
    expect(questionFromSlackText('<!channel> hi <@U0OTHER>', 'U0BOT')).toBe('<!channel> hi <@U0OTHER>');
  });
});
