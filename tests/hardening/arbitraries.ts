// fast-check generators for hostile chat input: what people (and attackers) paste into Slack and
// Discord. Each family is small and cheap to generate; `hostileText` mixes them with real questions
// from the knowledge so matching, not only the empty-input path, gets exercised.
import fc from 'fast-check';
import type { Answer, AnswerKind, SourceRef, Suggestion, Timeline, TimelineEvent } from '../../src/engine/types.js';

const pick = (values: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...values);
/** A string made of 1..max pieces drawn from `piece`, glued with nothing or a space. */
const run = (piece: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.array(piece, { minLength: 1, maxLength: max }), fc.boolean()).map(([parts, spaced]) => parts.join(spaced ? ' ' : ''));

export const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2003', '\u2007', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\u0085'];
export const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', '…', '—', '–', '¿', '¡', '«', '»', '“', '”', '‘', '’', '、', '。', '・', '؟', '§', '¶', '•', '‽', '⁂', '...', '?!?', '!!!', '???', '----', '***', '___', '```', '~~', '||', '>>>'];
/** C0 and C1 controls, DEL, and terminal escape sequences (CSI clear, colour, OSC 8 hyperlink, title). */
export const CONTROL = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '\u007f', '\u0080', '\u0085', '\u008d', '\u009b', '\u009c', '\u009f',
  '\u001b[2J', '\u001b[31m', '\u001b[0m', '\u001b[1A\u001b[2K', '\u001b]0;pwned\u0007',
  '\u001b]8;;https://evil.example/osc\u001b\\Official source\u001b]8;;\u001b\\',
  '\u009b2J', '\u0008\u0008\u0008', '\r      https://evil.example/cr',
];
/** Zero-width, joiners, bidi embeddings/overrides/isolates, BOM, variation selectors, tags, combining marks. */
export const INVISIBLE = [
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u034f', '\u180e',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c',
  '\ufe0f', '\ufe0e', '\u{e0001}', '\u{e0041}', '\u{e007f}', '\u0301', '\u0336', '\u20dd', 'a\u0301\u0302\u0303\u0304\u0305',
  '\u202eecruos\u202c', '\u2067amazon\u2069', '@\u200beveryone', '<\u200b!channel>',
];
export const EMOJI = [
  '😀', '🔥', '👍', '👍🏽', '🤖', '💸', '☁️', '🇺🇸', '🏳️‍🌈', '👨‍👩‍👧‍👦', '1️⃣', '#️⃣', '©️', '🫠', '🧑🏾‍💻', '❤️‍🔥', '🦜',
  ':thumbsup:', ':white_check_mark:', ':skin-tone-3:', '<:footnote:123456789012345678>', '<a:party:987654321098765432>',
];
/** Words in many scripts, including homoglyphs and compatibility forms of knowledge words. */
export const SCRIPTS = [
  'аmazon', 'Амазон', 'Μicrosoft', 'ｗｈａｔ ｄｉｄ ａｍａｚｏｎ ｉｎｖｅｓｔ', '𝐚𝐦𝐚𝐳𝐨𝐧', '𝓪𝔀𝓼', 'ⓐⓜⓐⓩⓞⓝ', 'ᴀᴍᴀᴢᴏɴ',
  '亚马逊投资了多少', 'マイクロソフト', '아마존', 'أمازون', 'אמזון', 'अमेज़न', 'อเมซอน', 'Ἀμαζών', 'İSTANBUL', 'ß', 'ﬁnancing', 'ǅ', 'Ⅻ', '½', '①',
  'ΣΊΣΥΦΟΣ', 'straße', '𐐀𐐁', 'z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
];
const snowflake = fc.bigInt({ min: 1n, max: 9_999_999_999_999_999_999n }).map(String);
const slackId = (prefix: string): fc.Arbitrary<string> => fc.stringMatching(/^[A-Z0-9]{2,11}$/).map((rest) => `${prefix}${rest}`);
export const SLACK_MARKUP = fc.oneof(
  pick(['<!channel>', '<!here>', '<!everyone>', '<!channel|channel>', '<!here|@here>', '<!everyone|everyone>', '<!subteam^S0123ABC|@engineers>', '<!subteam^S0123ABC>',
    '<!date^1392734382^{date}|Feb 18>', '<https://evil.example/forged|OpenAI announcement>', '<https://evil.example>', '<mailto:a@evil.example|support>',
    '&lt;!channel&gt;', '&lt;@U0123ABC&gt;', '&amp;lt;!here&amp;gt;', '<!channel', '!channel>', '<@', '<#', '<!', '>', '<<!here>>', '<@U0123ABC|bob>',
    '@channel', '@here', '@everyone', '*bold*', '_it_', '~strike~', '`code`', '```block <!channel>```', '> quote', '&', '&amp;', '&#60;!here&#62;']),
  slackId('U').map((id) => `<@${id}>`),
  slackId('W').map((id) => `<@${id}>`),
  fc.tuple(slackId('C'), fc.string({ maxLength: 8 })).map(([id, name]) => `<#${id}|${name}>`),
  slackId('S').map((id) => `<!subteam^${id}>`),
  fc.string({ maxLength: 12 }).map((label) => `<https://evil.example/${encodeURIComponent(label)}|${label}>`),
);
export const DISCORD_MARKUP = fc.oneof(
  pick(['@everyone', '@here', '@EVERYONE', '@@everyone', '@everyone@here', '@ everyone', '＠everyone',
    '[official source](https://evil.example/masked)', '[](https://evil.example/empty)', '[ ](https://evil.example/space)', '[\u200b](https://evil.example/zw)',
    '[x](<https://evil.example/angle>)', '[OpenAI](https://evil.example "OpenAI")', '[[nested]](https://evil.example)', '\\[escaped](https://evil.example)',
    '<https://evil.example/auto>', 'https://evil.example/bare', 'hxxps://evil', '![img](https://evil.example/i.png)',
    '```js\nalert(1)\n```', '```', '`', '`inline <@123>`', '||spoiler||', '> quote', '>>> block quote', '# Heading', '-# subtext', '## Sources', '**bold**', '__u__', '~~s~~', '\\', '\\\\',
    '<t:1700000000:R>', '</ask:123456789>', '<id:customize>']),
  snowflake.map((id) => `<@${id}>`),
  snowflake.map((id) => `<@!${id}>`),
  snowflake.map((id) => `<@&${id}>`),
  snowflake.map((id) => `<#${id}>`),
  fc.string({ maxLength: 12 }).map((label) => `[${label}](https://evil.example/m)`),
);
/** HTML and markdown that try to look like a citation or a link. */
export const FORGERY = [
  '<a href="https://evil.example/html">Source</a>', '<b>Sources</b>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
  'Source: https://evil.example/fake', 'Sources:\n  [1] OpenAI and Amazon announce strategic partnership — OpenAI, 27 Feb 2026\n      https://evil.example/forged',
  '\nSources:\n      https://evil.example/forged\n', '*Sources*\n• <https://evil.example|OpenAI> — OpenAI, 27 Feb 2026', '**Sources**\n[OpenAI](https://evil.example/forged) — OpenAI, 2026-02-27',
  '[^1]: https://evil.example/footnote', '[1]: https://evil.example/ref', '(source: https://evil.example)', '— Source: OpenAI (https://openai.com.evil.example/)',
  'https://openai.com/index/amazon-partnership/@evil.example', 'https://openai.com/index/amazon-partnership/)](https://evil.example', '&lt;https://evil.example|x&gt;',
];
/** A few 10,000-character pastes (cheap: built once). */
export const HUGE = [
  'a'.repeat(10_000),
  'what did amazon invest? '.repeat(417).slice(0, 10_000),
  '<!channel> '.repeat(1_000).slice(0, 10_000),
  '@everyone '.repeat(1_000),
  '🔥'.repeat(5_000),
  '\u200b'.repeat(10_000),
  '[x](https://evil.example) '.repeat(385).slice(0, 10_000),
  `${'1'.repeat(9_990)} amazon`,
];

/** One hostile fragment of any family. */
export function hostilePiece(questions: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: run(pick(WHITESPACE), 4) },
    { weight: 2, arbitrary: run(pick(PUNCTUATION), 6) },
    { weight: 2, arbitrary: run(pick(CONTROL), 4) },
    { weight: 2, arbitrary: run(pick(INVISIBLE), 4) },
    { weight: 2, arbitrary: run(pick(EMOJI), 5) },
    { weight: 2, arbitrary: run(pick(SCRIPTS), 3) },
    { weight: 3, arbitrary: SLACK_MARKUP },
    { weight: 3, arbitrary: DISCORD_MARKUP },
    { weight: 2, arbitrary: pick(FORGERY) },
    { weight: 3, arbitrary: pick(questions) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  );
}

/**
 * Hostile chat text: a family alone, a mixture, or a real question with hostile text around or
 * inside it; rarely a 10,000-character paste or something right at the length cap.
 */
export function hostileText(questions: readonly string[], lengthCap: number): fc.Arbitrary<string> {
  const piece = hostilePiece(questions);
  const question = pick(questions);
  const separator = pick(['', ' ', '\n', '\u200b', ' \u202e', '\t', '  ']);
  return fc.oneof(
    { weight: 1, arbitrary: pick(['', ' ', '\n\n', '\t \u3000']) },
    { weight: 6, arbitrary: piece },
    { weight: 6, arbitrary: fc.array(fc.tuple(piece, separator).map(([p, s]) => p + s), { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')) },
    { weight: 6, arbitrary: fc.tuple(piece, separator, question, separator, piece).map((parts) => parts.join('')) },
    {
      weight: 3,
      // Hostile text spliced into the middle of a real question.
      arbitrary: fc.tuple(question, piece, fc.nat()).map(([q, inserted, at]) => {
        const cut = at % (q.length + 1);
        return `${q.slice(0, cut)}${inserted}${q.slice(cut)}`;
      }),
    },
    { weight: 1, arbitrary: fc.tuple(question, fc.integer({ min: -3, max: 3 }), piece).map(([q, delta, pad]) => padTo(`${q} ${pad} `, lengthCap + delta)) },
    { weight: 1, arbitrary: pick(HUGE) },
  );
}

/** Repeats `text` to exactly `length` UTF-16 units. */
function padTo(text: string, length: number): string {
  const base = text === '' ? 'x' : text;
  return base.repeat(Math.ceil(length / base.length)).slice(0, length);
}

/**
 * Partial input as autocomplete sends it while someone types: short, often a prefix of a real
 * question, hostile or not. (A rare long paste too: suggest cuts it to 200 characters, and each such
 * call costs tens of milliseconds, so the 10,000-character ones are left to the example tests.)
 */
export function partialText(questions: readonly string[]): fc.Arbitrary<string> {
  const piece = hostilePiece(questions).map((text) => text.slice(0, 16));
  return fc.oneof(
    { weight: 4, arbitrary: piece },
    { weight: 4, arbitrary: fc.tuple(pick(questions), fc.nat()).map(([q, n]) => q.slice(0, 1 + (n % 16))) },
    { weight: 3, arbitrary: fc.tuple(piece, pick(questions), fc.nat()).map(([p, q, n]) => `${p}${q.slice(0, n % 12)}`) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200b', '\n') },
  );
}

/** Limits as a caller might pass them: sensible, zero, negative, fractional, huge, NaN. */
export const suggestLimit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -100, 0.5, 2.7, 1e9, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER) },
);

const KINDS: readonly AnswerKind[] = ['answer', 'topic', 'timeline', 'clarify', 'decline', 'smalltalk'];

export interface KnowledgeView {
  questions: readonly string[];
  entryIds: readonly string[];
  sources: readonly SourceRef[];
}

/**
 * Answers built by hand with hostile text wherever an adapter echoes something: the question, the
 * text, the matched question, the suggestions (and their entry ids). Sources are real knowledge
 * sources, so the renderer must show exactly those links and nothing else.
 */
export function echoedAnswer(view: KnowledgeView, lengthCap: number): fc.Arbitrary<Answer> {
  const hostile = hostileText(view.questions, lengthCap);
  const suggestion: fc.Arbitrary<Suggestion> = fc.record({
    entry: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...view.entryIds) }, { weight: 1, arbitrary: hostile.map((text) => text.slice(0, 120)) }),
    question: hostile,
  });
  const sources = fc.subarray([...view.sources]);
  const cited = fc.subarray([...view.sources], { minLength: 1 });
  return fc
    .record({
      kind: fc.constantFrom(...KINDS),
      question: hostile,
      text: fc.oneof(hostile, hostile.map((text) => `You asked: ${text}`), fc.constantFrom(...view.questions)),
      sources,
      cited,
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      entry: fc.option(fc.oneof(fc.constantFrom(...view.entryIds), hostile.map((text) => text.slice(0, 60))), { nil: null }),
      matchedQuestion: fc.option(hostile, { nil: null }),
      suggestions: fc.oneof({ weight: 5, arbitrary: fc.array(suggestion, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(suggestion, { maxLength: 30 }) }),
      timeline: fc.option(echoedTimeline(view, lengthCap, 1), { nil: undefined, freq: 6 }),
    })
    .map(({ timeline, cited, ...rest }): Answer => {
      const kind = timeline === undefined ? rest.kind : 'timeline';
      const answered = kind === 'answer' || kind === 'topic' || kind === 'timeline';
      // types.ts: sources are never empty when answered; a timeline's are its events' sources.
      if (timeline !== undefined) {
        const sources = [...new Map(timeline.events.flatMap((event) => event.sources).map((source) => [source.url, source])).values()];
        return { ...rest, kind, reason: 'timeline', answered, sources, timeline };
      }
      return { ...rest, kind, reason: answered ? 'matched' : 'unknown-subject', answered, sources: answered ? cited : rest.sources };
    });
}

/** A timeline whose wording is hostile but whose sources are the knowledge's own. */
export function echoedTimeline(view: KnowledgeView, lengthCap: number, minEvents = 0): fc.Arbitrary<Timeline> {
  const hostile = hostileText(view.questions, lengthCap);
  const event: fc.Arbitrary<TimelineEvent> = fc.record({
    fact: fc.string({ maxLength: 10 }),
    date: fc.constantFrom('2026-02-27', '2026-04', '2025', 'not a date'),
    dateLabel: fc.oneof(fc.constantFrom('27 Feb 2026', 'Apr 2026', '2025'), hostile.map((text) => text.slice(0, 40))),
    text: hostile,
    sources: fc.subarray([...view.sources], { minLength: 1, maxLength: 3 }),
  });
  return fc
    .record({
      overview: hostile,
      topic: fc.option(hostile.map((text) => text.slice(0, 80)), { nil: null }),
      from: fc.option(fc.constantFrom('2026', '2026-02', '2025-01-01'), { nil: null }),
      to: fc.option(fc.constantFrom('2026', '2026-04'), { nil: null }),
      events: fc.oneof({ weight: 4, arbitrary: fc.array(event, { minLength: minEvents, maxLength: 6 }) }, { weight: 1, arbitrary: fc.array(event, { minLength: minEvents, maxLength: 80 }) }),
      extra: fc.nat({ max: 50 }),
    })
    .map(({ extra, ...timeline }) => ({ ...timeline, total: timeline.events.length + extra }));
}
