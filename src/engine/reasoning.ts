// Questions a lookup table cannot answer, computed from the dated, typed facts: which came first,
// how long between two events, how two amounts compare, what happened on a day, the earliest and
// latest events, and whether a stated premise ("so Microsoft put in the $50 billion?") holds.
// Each reply is composed from the facts it used and cites every one of their sources.
import type { Fact, Knowledge } from './knowledge.js';
import { AMOUNT_SCALES } from './knowledge-schema.js';
import type { Matcher, QueryAnalysis } from './matcher.js';
import { MONTH_NAMES, formatDate, toSourceRef } from './timeline.js';
import type { Reason, SourceRef } from './types.js';
import { isYesNoQuestion } from './yes-no.js';

export interface ComputedReply {
  kind: 'answer' | 'decline';
  reason: Reason;
  text: string;
  sources: SourceRef[];
  facts: string[];
}

/** A fact people can name as an event ("the memo"), with the terms of each of its names. */
interface NamedEvent {
  fact: Fact;
  /** Terms of each name or alias, as the matcher analyses them. */
  names: string[][];
  /** Every term that can name it: names, statement, amounts, parties and the month and year. */
  terms: Set<string>;
}

interface EventMention {
  event: NamedEvent;
  /** Position of the mention's first term in the question, to keep the asker's order. */
  position: number;
  /** How many terms the best name matched: longer names are surer. */
  length: number;
}

type Amount = NonNullable<Fact['amounts']>[number];

/** An amount the question names by its number ("the 38b deal"), with the fact that states it. */
interface AskedAmount {
  amount: Amount;
  fact: Fact;
}

/** "today" for questions such as "how long ago was the memo": the engine's clock, injectable in tests. */
export type Clock = () => Date;

const DAY_MS = 86_400_000;
/** A word any computed kind needs: without one (and without a number, a date or a yes/no form) the reasoner passes at once. */
const ANY_COMPUTED_CUE = /\b(first|earlier|earliest|later|latest|last|before|after|order|sort|sequence|chronolog\w*|long|ago|days?|weeks?|wks|months?|years?|yrs|gap|lag|time|since|bigger|biggest|larger|largest|smaller|smallest|more|less|times|difference|diff|compare|compared|vs|versus|same|happen\w*|happend|recent|newest|oldest|new|who|when|how|date|what|which|right|yeah|correct|true|so|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/;

/** Words that say what is asked about events, never which event. */
const CUE_TERMS = new Set(
  `first earlier earliest early later last latest newest oldest recent most came come comes happen happened older old newer new before after long ago day days week weeks wk wks month months year years
  gap lag time since sort order date dates bigger biggest smaller smallest larger largest more less time times difference compare which one same thing event
  events how-much how when what who where why did does was were is are announced announce drop dropped show showed up out really right yeah true`.split(/\s+/),
);
/** Verbs that say someone did an event: a premise naming one is about who did it. */
const DOING_WORDS = new Set(['launch', 'launched', 'launches', 'start', 'started', 'announce', 'announced', 'write', 'wrote', 'written', 'send', 'sent', 'sign', 'signed', 'fund', 'funded', 'lead', 'led', 'found', 'founded', 'create', 'created', 'kick', 'kicked', 'run', 'ran', 'back', 'backed', 'bankroll', 'bankrolled']);

/** Punctuation that separates the items of a list of events. */
const LIST_PUNCTUATION = /[,;/+&|→>]|\s[-–—]+\s|\.\s/;
/** Words of "what happened / what was announced / anything new" besides the cue words. */
const WHAT_HAPPENED_TERMS = new Set([
  'anyth', 'anything', 'everyth', 'everything', 'news', 'go', 'went', 'down', 'occur', 'occurred', 'on', 'that', 'there', 'any', 'all',
  'develop', 'chang', 'updat', 'move', 'step', 'twist', 'saga', 'stori', 'story', 'cloud', 'deal', 'happend', 'happ', 'hapen',
]);
/** Words that ask for an attribute of an event ("who wrote it, when, what'd it say"), not about another thing. */
const ATTRIBUTE_TERMS = new Set(['wrote', 'write', 'writ', 'written', 'author', 'say', 'said', 'sai', 'size', 'length', 'date', 'dat', 'chip', 'gpu', 'which', 'servic', 'service', 'amount', 'much', 'role', 'term', 'due', 'til', 'until', 'licenc', 'licens', 'end']);

/** The analysis without the words that only ask for an attribute (see ATTRIBUTE_TERMS). */
function withoutAttributeWords(analysis: QueryAnalysis): QueryAnalysis {
  return { ...analysis, terms: analysis.terms.filter((term) => !ATTRIBUTE_TERMS.has(term)) };
}

/** Cue words that are part of an event's name when another name word follows them. */
const ADJECTIVE_CUES = new Set(['first', 'last', 'latest', 'new', 'old', 'earlier', 'later']);
/** Words that end one event's name and start another's. */
const EVENT_SEPARATORS = new Set(['or', 'and', 'vs', 'versus', 'v', 'than', 'to', 'from', 'between', 'then', 'until', 'till', 'since', 'before', 'after', 'plus', 'also', 'same', 'as', 'compared', 'against']);
/** A piece of a question names an event when its shared rare words weigh at least this. */
const EVENT_MIN_SCORE = 2;
/** Share of a piece's weight its event must explain. */
const EVENT_MIN_COVERAGE = 0.6;
/** A name or alias given whole ("the memo") outweighs shared words. */
const EXACT_NAME_BONUS = 3;
/** Weight of the share of an event's best name that a piece says. */
const NAME_COVERAGE_WEIGHT = 1;

/** Cuts a question's words where one event's name may end and another's begin. */
export function splitEventPhrases(surface: readonly string[]): string[][] {
  const pieces: string[][] = [[]];
  for (const word of surface) {
    if (EVENT_SEPARATORS.has(word)) {
      if ((pieces.at(-1)?.length ?? 0) > 0) pieces.push([]);
      continue;
    }
    pieces.at(-1)?.push(word);
  }
  return pieces.filter((piece) => piece.length > 0);
}

/** Question words at least this heavy must be about the fact a premise is checked against. */
const PREMISE_SALIENT_WEIGHT = 1.5;
const SINCE_NOW_CUES = [/\b(to|till|until) (today|now)\b.*\bhow long\b/, /\bhow long ago\b/, /\bhow long (has it been|since)\b/, /\bhow long\b.*\b(to|till|until) (today|now)\b/, /\bhow (many|much) (days|weeks|months|time) (ago|since)\b/, /\bago\b/];
const SUPERLATIVE_CUES = [/\b(largest|biggest|smallest|least|lowest|highest|most)\b/];
const RELATIVE_CUES = [/\b(first|next) (thing|event|move|step|development)\b.*\b(after|since|following)\b/, /\b(last|latest|most recent) (thing|event|move|step|development)\b.*\bbefore\b/, /\bright (after|before)\b/, /\bwhat came (next|right after|after|before)\b/, /\bwhat happened (right |just )?(next|after|before)\b/];
/** "Did X come out before Y?": a yes/no question about order names the happening, then before or after. */
const ORDER_YES_NO = /\b(was|were|come|came|happen|happened|go|went|announced|launched|dropped|drop|out|leaked|reported|signed|landed|arrived|released|sent)\s+(before|after|earlier|later|first)\b|\b(before|after) or (before|after)\b/;
/** Attributes asked of one event: two or more of them make a "who, how much and when" question. */
const SEVERAL_FACT_CUES = [/\bwho\b/, /\bwhen\b|\bdate\b|\bwhat day\b/, /\bhow much\b|\bsize\b|\bamount\b|\$|\bhow big\b/, /\bhow long\b|\blength\b|\bhow many years\b/, /\bwhat (did it|d it|does it) say\b|\bwhat it said\b/, /\bwhich (chips|gpus)\b|\bgpus?\b/, /\bwhere\b/];
const ORDER_CUES = [/\bsort\b/, /\border (pls|please)\b/, /\bchronological(ly)?\b/, /\bwhich (was|is|one was|came) (earlier|first|older)\b/, /\bearlier\b/, /\b(came|comes|come|happened|was|went) first\b/, /\bwhich (one )?(was |is )?(first|earlier|older)\b/, /\bfirst or\b/, /\bbefore or after\b/, /\bin (chronological )?order\b/, /\border (of|them|these)\b/, /\bput .* in order\b/, /\bwhich (came|happened) (first|earlier|later|last)\b/, /\b(earlier|later) (one|event)\b/, /\bdid .* (come|happen) (before|after)\b/, /\b(before|after) or (before|after)\b/, /\bwhat came first\b/, /\bwho (moved|went) first\b/];
const DURATION_CUES = [/\b(days|weeks|wks|months|years|yrs) (from|between|since|after|before)\b/, /\bhow many (days|weeks|wks|months|years)\b/, /\b(gap|lag)\b/, /\btime from\b/, /\bhow long (after|before|between|from)\b/, /\bhow long\b/, /\bhow many (days|weeks|months|years)\b/, /\b(time|gap|days|weeks|months) between\b/, /\bhow (soon|much later|much earlier|much time)\b/, /\bhow much time\b/, /\bhow far apart\b/, /\belapsed\b/];
const COMPARE_CUES = [/\b(bigger|larger|smaller|greater|higher|lower|more|less)\b.*\b(than|or|vs|versus)\b/, /\bhow many times\b/, /\b(times|x) (bigger|larger|more|the size)\b/, /\bdifference (between|in)\b/, /\bcompare(d)?\b/, /\bvs\b/, /\bversus\b/, /\bwhich (is|was) (bigger|larger|more|smaller)\b/, /\b(bigger|larger|smaller) (number|amount|one|check|deal)\b/, /\bhow much (more|bigger|less|smaller)\b/];
const LATEST_CUES = [/\b(latest|most recent|newest|last) (thing|development|news|event|update|move|step|change|twist)\b/, /\bwhat is (the )?latest\b/, /\bmost recent\b/, /\bwhat happened last\b/, /\blatest\b/];
const EARLIEST_CUES = [/\b(earliest|first) (thing|event|development|move|step)\b/, /\bwhat happened first\b/, /\bwhere did (it|this|all) (start|begin)\b/, /\bhow did (it|this|all) (start|begin)\b/, /\bearliest\b/];
const SAME_DAY_CUES = [/\bsame day\b/, /\bsame date\b/, /\bthat same day\b/, /\bon the same day\b/];

/** Days from one `YYYY-MM-DD` to another. */
function daysBetween(from: string, to: string): number {
  const parse = (date: string): number => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day);
  };
  return Math.round((parse(to) - parse(from)) / DAY_MS);
}

function isFullDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date);
}

/** "402 days, about 13 months" — weeks for spans under two months, years past two years. */
export function describeSpan(days: number): string {
  const count = `${days} day${days === 1 ? '' : 's'}`;
  if (days < 14) return count;
  if (days < 61) return `${count}, about ${Math.round(days / 7)} weeks`;
  const months = Math.round(days / 30.44);
  if (days < 730) return `${count}, about ${months} months`;
  return `${count}, about ${(days / 365.25).toFixed(1)} years`;
}

export function amountValue(amount: Amount): number {
  return amount.value * (amount.scale ? AMOUNT_SCALES[amount.scale] : 1);
}

export function formatAmount(amount: Amount): string {
  // "about 2 gigawatts": an approximation reads before the number, other qualifiers after it.
  if (amount.qualifier !== undefined && /^(about|around|roughly|approximately|some|nearly|almost)$/i.test(amount.qualifier)) {
    return `${amount.qualifier} ${formatAmount({ ...amount, qualifier: undefined })}`;
  }
  const number = `${amount.value}${amount.scale ? ` ${amount.scale}` : ''}`;
  switch (amount.unit) {
    case 'USD':
      return `$${number}`;
    case 'percent':
      return `${number} %`;
    default:
      return `${number} ${amount.unit}`;
  }
}

function formatValue(value: number, unit: Amount['unit']): string {
  const scaled = (Object.entries(AMOUNT_SCALES) as [keyof typeof AMOUNT_SCALES, number][]).reverse().find(([, size]) => value >= size);
  const number = scaled ? `${Number((value / scaled[1]).toFixed(2))} ${scaled[0]}` : `${Number(value.toFixed(2))}`;
  return unit === 'USD' ? `$${number}` : unit === 'percent' ? `${number} %` : `${number} ${unit}`;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, half: 0.5 };

/** Numbers a question states, digits or words ("seven years"); years such as 2026 are dates, not amounts. */
export function numbersIn(surface: readonly string[]): number[] {
  return [...new Set(surface.map((word) => (/^\d+(\.\d+)?$/.test(word) ? Number(word) : WORD_NUMBERS[word])).filter((value): value is number => value !== undefined && !(value >= 1900 && value <= 2100)))];
}

/** Descriptions that exclude each other: a question saying one of a pair about an amount described by the other is wrong. */
const OPPOSITES: readonly [RegExp, RegExp][] = [
  [/\bpre\b|\bpre-money\b|\bbefore the (new )?money\b/, /\bpost\b|\bpost-money\b|\bafter the (new )?money\b/],
  [/\bimmediately\b|\bupfront\b|\bup front\b|\bday one\b|\bright away\b|\bat once\b|\bon day\b/, /\bover \w+ years?\b|\btotal\b|\boverall\b|\bplanned\b/],
];

/** True when the question says the opposite of how an amount is described (see OPPOSITES). */
function contradicts(surface: readonly string[], description: string): boolean {
  const asked = ` ${surface.join(' ')} `;
  const described = ` ${description.toLowerCase()} `;
  return OPPOSITES.some(([one, other]) => (one.test(described) && !other.test(described) && other.test(asked) && !one.test(asked)) || (other.test(described) && !one.test(described) && one.test(asked) && !other.test(asked)));
}

/** True when the question says what an amount's description says, on one side of OPPOSITES. */
function describes(surface: readonly string[], description: string): boolean {
  const asked = ` ${surface.join(' ')} `;
  const described = ` ${description.toLowerCase()} `;
  return OPPOSITES.some((pair) => pair.some((side) => side.test(asked) && side.test(described)));
}

/** The unit a number is written with in the question: "38b" is dollars, "5 yrs" years, "2 gw" gigawatts. */
function unitAfter(surface: readonly string[], value: number): Amount['unit'] | null {
  const index = surface.findIndex((word) => (/^\d+(\.\d+)?$/.test(word) ? Number(word) : WORD_NUMBERS[word]) === value);
  const next = surface[index + 1] ?? '';
  if (/^(yrs?|years?)$/.test(next)) return 'years';
  if (/^(b|bn|billion|m|million|k|trillion|t)$/.test(next)) return 'USD';
  if (/^(gw|gigawatts?)$/.test(next)) return 'gigawatts';
  if (/^(percent|pct)$/.test(next)) return 'percent';
  return null;
}

/** A fact's amounts, plus a duration its qualifier states ("over seven years" is 7 years). */
function amountsWithYears(fact: Fact): Amount[] {
  const amounts = [...(fact.amounts ?? [])];
  for (const amount of fact.amounts ?? []) {
    const match = /\bover (\w+) years?\b/.exec(amount.qualifier ?? '');
    const years = match ? (WORD_NUMBERS[match[1] as string] ?? Number(match[1])) : Number.NaN;
    if (Number.isFinite(years)) amounts.push({ value: years, unit: 'years', of: `the term of ${amount.of}` });
  }
  return amounts;
}

/** A qualifier that reads after the number ("over four years"); approximations read before it. */
function suffix(amount: Amount): string {
  return amount.qualifier && !/^(about|around|roughly|approximately|some|nearly|almost)$/i.test(amount.qualifier) ? ` ${amount.qualifier}` : '';
}

function unitName(amount: Amount): string {
  return amount.unit === 'USD' ? 'dollars' : amount.unit;
}

function ratioText(ratio: number): string {
  const rounded = ratio >= 10 ? Math.round(ratio) : Number(ratio.toFixed(1));
  return `${rounded} times`;
}

/** A date written in a question: "27 feb 2026", "feb 27", "apr 2026", "2026 02 27", "oct 2025". */
export function datesInQuestion(cleaned: string, defaultYears: readonly string[]): string[] {
  const tokens = cleaned.split(' ');
  const found: string[] = [];
  const month = (token: string | undefined): number => (token === undefined ? -1 : MONTH_NAMES.indexOf(token.slice(0, 3)) >= 0 && /^[a-z]{3,9}$/.test(token) && MONTH_NAMES.includes(token.slice(0, 3)) && (token.length === 3 || token.startsWith(token.slice(0, 3))) ? MONTH_NAMES.indexOf(token.slice(0, 3)) : -1);
  const isDay = (token: string | undefined): boolean => token !== undefined && /^\d{1,2}$/.test(token) && Number(token) >= 1 && Number(token) <= 31;
  const isYear = (token: string | undefined): boolean => token !== undefined && /^20\d{2}$/.test(token);
  const pad = (value: number | string): string => String(value).padStart(2, '0');
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    const monthIndex = month(token);
    // Only real month words count: "may" and "mar" are also ordinary words, so they need a day or year beside them.
    if (monthIndex >= 0 && (token.length <= 9)) {
      const before = tokens[index - 1];
      const after = tokens[index + 1];
      const afterAfter = tokens[index + 2];
      const ambiguous = token === 'may' || token === 'mar';
      if (isDay(after)) {
        const year = isYear(afterAfter) ? (afterAfter as string) : undefined;
        for (const candidate of year ? [year] : defaultYears) found.push(`${candidate}-${pad(monthIndex + 1)}-${pad(after as string)}`);
      } else if (isDay(before)) {
        const year = isYear(after) ? (after as string) : undefined;
        // "27 and 28 april" names two days of one month.
        const days = [before as string, ...(tokens[index - 2] === 'and' && isDay(tokens[index - 3]) ? [tokens[index - 3] as string] : [])];
        for (const day of days) for (const candidate of year ? [year] : defaultYears) found.push(`${candidate}-${pad(monthIndex + 1)}-${pad(day)}`);
      } else if (isYear(after)) {
        found.push(`${after}-${pad(monthIndex + 1)}`);
      } else if (!ambiguous) {
        for (const candidate of defaultYears) found.push(`${candidate}-${pad(monthIndex + 1)}`);
      }
    } else if (isYear(token) && /^\d{1,2}$/.test(tokens[index + 1] ?? '') && /^\d{1,2}$/.test(tokens[index + 2] ?? '')) {
      found.push(`${token}-${pad(tokens[index + 1] as string)}-${pad(tokens[index + 2] as string)}`);
      index += 2;
    }
  }
  return [...new Set(found)];
}

export class Reasoner {
  private readonly events: NamedEvent[];
  private readonly textTerms = new Map<string, ReadonlySet<string>>();
  private readonly factTerms = new Map<string, { all: ReadonlySet<string>; names: ReadonlySet<string> }>();
  /** How rare each term is among the events: rare words name an event, common ones do not. */
  private readonly eventIdf = new Map<string, number>();
  private readonly dated: Fact[];
  private readonly years: string[];

  constructor(
    private readonly knowledge: Knowledge,
    private readonly matcher: Matcher,
    private readonly now: Clock = () => new Date(),
  ) {
    this.events = [...knowledge.facts.values()]
      .filter((fact) => fact.event !== undefined)
      .map((fact) => {
        const names = [fact.event?.name ?? '', ...(fact.event?.aliases ?? [])].map((name) => matcher.analyze(name).terms).filter((terms) => terms.length > 0);
        const month = MONTH_NAMES[Number(fact.date.slice(5, 7)) - 1] ?? '';
        const texts = [fact.statement, ...(fact.amounts ?? []).map((amount) => `${amount.value} ${amount.of}`), ...[...fact.entities, ...(fact.parties?.by ?? [])].map((id) => knowledge.entities.get(id)?.name ?? id), `${month} ${fact.date.slice(0, 4)}`];
        const terms = new Set([...names.flat(), ...texts.flatMap((text) => matcher.analyze(text).terms)].filter((term) => !CUE_TERMS.has(term)));
        return { fact, names, terms };
      });
    for (const event of this.events) for (const term of event.terms) this.eventIdf.set(term, (this.eventIdf.get(term) ?? 0) + 1);
    for (const [term, count] of this.eventIdf) this.eventIdf.set(term, Math.log(1 + this.events.length / count));
    this.dated = [...knowledge.facts.values()].filter((fact) => fact.timeline).sort((a, b) => a.date.localeCompare(b.date));
    this.years = [...new Set(this.dated.map((fact) => fact.date.slice(0, 4)))];
  }

  /** A computed reply, or null when the question is not one of these kinds. */
  decide(analysis: QueryAnalysis, asked: string): ComputedReply | null {
    const cleaned = analysis.surface.join(' ');
    const has = (cues: readonly RegExp[]): boolean => cues.some((cue) => cue.test(cleaned));
    // Most questions are none of these kinds: say so before naming events, the costly part.
    if (!ANY_COMPUTED_CUE.test(cleaned) && !/\d/.test(cleaned) && !/\?\s*$/.test(asked) && !isYesNoQuestion(cleaned, asked)) return null;
    const mentions = this.mentionedEvents(analysis, asked);
    const [first, second] = mentions;
    // "so Harbour bid $2 billion?", "frontier came out first, right?": a statement asked as a question.
    const yesNo = isYesNoQuestion(cleaned, asked) || (/^(so|wait|hold on|hang on|sceptic|skeptic)\b/.test(cleaned) && asked.trim().endsWith('?')) || /\b(right|yeah|yea|correct|true|or nah|or not|isn t it|wasn t it|didn t it|did it|was it|no)$/.test(cleaned);
    if (has(SAME_DAY_CUES) && first) return second ? this.sameDayPair(first, second) : this.sameDay(first);
    if (has(SINCE_NOW_CUES) && first && !second) return this.sinceNow(first);
    if (has(DURATION_CUES) && first && second) return this.duration(first, second);
    const amounts = this.amountsAsked(analysis, has(SUPERLATIVE_CUES) ? mentions : []);
    if (has(SUPERLATIVE_CUES) && amounts.length >= 3) return this.extreme(amounts, /\b(smallest|least|lowest|tiniest)\b/.test(cleaned) ? 'smallest' : 'largest');
    if (first && second && /\b(before or after|after or before|earlier or later|later or earlier)\b/.test(cleaned)) return this.orderChoice(first, second);
    if (first && second && yesNo && ORDER_YES_NO.test(cleaned)) return this.orderYesNo(first, second, /\b(after|later)\b/.test(cleaned) ? 'after' : 'before');
    if (has(ORDER_CUES) && mentions.length >= 2) return this.order(mentions);
    if (has(COMPARE_CUES) && (amounts.length === 2 || (first && second))) return amounts.length === 2 ? this.compareAmounts(amounts[0] as AskedAmount, amounts[1] as AskedAmount) : this.compare(first as EventMention, second as EventMention, new Set(analysis.terms));
    if (yesNo && first && !second) {
      const claim = this.aboutFacts(analysis, [first.event.fact], []) ? this.dateClaim(first.event.fact, cleaned) : null;
      if (claim) return claim;
    }
    if (first && !second && has(RELATIVE_CUES)) {
      const relative = this.relative(first, /\b(after|since|following)\b/.test(cleaned) ? 'after' : 'before', analysis);
      if (relative) return relative;
    }
    if (yesNo) {
      const claim = this.amountClaim(analysis);
      // A contradicted number outranks who did it; otherwise who did it is the sharper check.
      const premise = claim?.text.startsWith('No') ? claim : (this.premise(analysis, mentions) ?? claim);
      if (premise) return premise;
    }
    const severalQuestions = asked.split('?').filter((piece) => piece.trim() !== '').length >= 2;
    const listed = !severalQuestions && (/[,:;—–]|\band\b/.test(asked) || (cleaned.match(/\b(who|when|what|how|which|where)\b/g) ?? []).length >= 2);
    if (first && !second && listed && SEVERAL_FACT_CUES.filter((cue) => cue.test(cleaned)).length >= 2 && this.aboutFacts(withoutAttributeWords(analysis), [first.event.fact], [])) return this.severalFacts(first.event.fact);
    if (has(LATEST_CUES) && mentions.length === 0 && this.onlyAsksWhatHappened(analysis, true)) return this.firstOrLast('last', analysis, cleaned);
    if (has(EARLIEST_CUES) && mentions.length === 0 && this.onlyAsksWhatHappened(analysis, true)) return this.firstOrLast('first', analysis, cleaned);
    const dates = yesNo ? [] : datesInQuestion(cleaned, this.years);
    if (dates.length > 0) {
      // "oct 28 2025 what happened": the date may itself name an event; it is still a date question.
      const onThoseDates = mentions.every((mention) => dates.some((date) => mention.event.fact.date.startsWith(date)));
      // Only the date and words that ask what happened: "AMZN share price on feb 27" asks something else.
      if (onThoseDates && this.onlyAsksWhatHappened(analysis, false)) return this.onDate(dates);
    }
    return null;
  }

  /**
   * True when, besides dates, cue words and (when allowed) the parties it narrows to, the question
   * asks only what happened: "oct 28 2025 what happened", not "AMZN share price on feb 27".
   */
  private onlyAsksWhatHappened(analysis: QueryAnalysis, entitiesAllowed: boolean): boolean {
    return analysis.terms.every(
      (term) =>
        /^\d+$/.test(term) ||
        MONTH_NAMES.includes(term) ||
        CUE_TERMS.has(term) ||
        WHAT_HAPPENED_TERMS.has(term) ||
        (entitiesAllowed && this.knowledge.entities.has(term)) ||
        term === this.knowledge.pack.everywhere ||
        this.matcher.weight(term, analysis.ordinary.has(term)) < 1,
    );
  }

  /** The event a phrase names ("the amazon deal"), or null when it names none. */
  eventNamed(phrase: string): Fact | null {
    return this.mentionedEvents(this.matcher.analyze(phrase))[0]?.event.fact ?? null;
  }

  /** Timeline events whose words include every one of these ("revenue share"), by fact id. */
  eventsAbout(words: readonly string[]): string[] {
    const terms = this.matcher.analyze(words.join(' ')).terms.filter((term) => !CUE_TERMS.has(term));
    if (terms.length === 0) return [];
    return this.events.filter((event) => event.fact.timeline && terms.every((term) => event.terms.has(term))).map((event) => event.fact.id);
  }

  /** The names of the events people can ask about, for "I don't know an event called …". */
  eventNames(): string[] {
    return this.events.map((event) => event.fact.event?.name ?? event.fact.id);
  }

  /**
   * Events the question names, in the order it names them. The question is cut where one event's
   * name ends and another's begins ("X or Y", "from X to Y", "X vs Y", "X, Y and Z"); each piece
   * names the event whose words it shares most, counting rare words more ("the nov aws deal" is
   * the $38 billion AWS deal of 3 Nov 2025), and a name given exactly counts most.
   */
  private mentionedEvents(analysis: QueryAnalysis, asked?: string): EventMention[] {
    const mentions: EventMention[] = [];
    // Lists are written with punctuation ("memo, stargate + amendment"), which cleaning removes.
    const pieces = asked === undefined ? splitEventPhrases(analysis.surface) : asked.split(LIST_PUNCTUATION).flatMap((part) => splitEventPhrases(this.matcher.analyze(part).surface));
    pieces.forEach((piece, position) => {
      const all = this.matcher.analyze(piece.join(' ')).terms;
      // "first" before a name is part of it ("the first aws deal"); alone it asks about order.
      const terms = all.filter((term, index) => !CUE_TERMS.has(term) || (ADJECTIVE_CUES.has(term) && index + 1 < all.length && !CUE_TERMS.has(all[index + 1] as string)));
      if (terms.length === 0) return;
      let best: { event: NamedEvent; score: number } | null = null;
      let tied = false;
      for (const event of this.events) {
        const score = this.eventScore(event, terms);
        if (score <= 0) continue;
        if (!best || score > best.score + 1e-9) {
          best = { event, score };
          tied = false;
        } else if (Math.abs(score - best.score) <= 1e-9) tied = true;
      }
      if (!best || tied || best.score < EVENT_MIN_SCORE) return;
      // Most of what the piece says must be about the event: "the texas site finishing" is not the announcement.
      const weightOf = (term: string): number => this.matcher.weight(term, analysis.ordinary.has(term));
      const total = terms.reduce((sum, term) => sum + weightOf(term), 0);
      const covered = terms.filter((term) => best?.event.terms.has(term)).reduce((sum, term) => sum + weightOf(term), 0);
      if (total > 0 && covered / total < EVENT_MIN_COVERAGE) return;
      if (mentions.some((mention) => mention.event === best?.event)) return;
      mentions.push({ event: best.event, position, length: terms.length });
    });
    return mentions;
  }

  /**
   * How well a piece of a question names an event: its rare shared words; a bonus when the piece is
   * one of the event's names and nothing more; and how much of its best name the piece says, which
   * settles pieces that share their words with two events ("frontier" names the launch first).
   */
  private eventScore(event: NamedEvent, terms: readonly string[]): number {
    let score = 0;
    for (const term of terms) if (event.terms.has(term)) score += this.eventIdf.get(term) ?? 0;
    if (score === 0) return 0;
    if (event.names.some((name) => terms.every((term) => name.includes(term)) && name.every((term) => terms.includes(term)))) score += EXACT_NAME_BONUS;
    const covered = (name: readonly string[]): number => name.filter((term) => terms.includes(term)).length / name.length;
    const coverage = Math.max(0, ...event.names.map(covered));
    // The event's own name (the first) settles a tie between aliases: "frontier" is the launch.
    const own = event.names[0] ? covered(event.names[0]) : 0;
    return score + NAME_COVERAGE_WEIGHT * coverage + NAME_COVERAGE_WEIGHT * 0.5 * own;
  }

  /**
   * Amounts the question names by number ("amazon 50 vs softbank 30"), one per number: where several
   * facts state the number, the one whose party or event the question also names.
   */
  private amountsAsked(analysis: QueryAnalysis, mentions: readonly EventMention[] = []): AskedAmount[] {
    const numbers = [...new Set(analysis.surface.filter((word) => /^\d+(\.\d+)?$/.test(word)).map(Number))].filter((value) => !(value >= 1900 && value <= 2100));
    const picked: AskedAmount[] = [];
    for (const value of numbers) {
      const candidates = [...this.knowledge.facts.values()].flatMap((fact) => (fact.amounts ?? []).filter((amount) => amount.value === value).map((amount) => ({ amount, fact })));
      if (candidates.length === 0) continue;
      const named = (candidate: AskedAmount): number =>
        (candidate.amount.by !== undefined && analysis.entities.includes(candidate.amount.by) ? 2 : 0) + this.matcher.analyze(candidate.amount.of).terms.filter((term) => analysis.terms.includes(term)).length + (candidate.fact.event ? 0.5 : 0);
      const best = [...candidates].sort((a, b) => named(b) - named(a))[0] as AskedAmount;
      picked.push(best);
    }
    // Events named without a number ("stargate, the 250b azure deal…") bring their first amount.
    if (picked.length > 0) {
      for (const mention of mentions) {
        const fact = mention.event.fact;
        const amount = fact.amounts?.[0];
        if (amount && !picked.some((other) => other.fact === fact)) picked.push({ amount, fact });
      }
    }
    return picked;
  }

  private compareAmounts(a: AskedAmount, b: AskedAmount): ComputedReply {
    if (a.amount.unit !== b.amount.unit) {
      return this.refuse('incomparable', `Those can't be compared: ${formatAmount(a.amount)} (${a.amount.of}) is in ${unitName(a.amount)}, ${formatAmount(b.amount)} (${b.amount.of}) in ${unitName(b.amount)}.`, [a.fact, b.fact]);
    }
    const [big, small] = amountValue(a.amount) >= amountValue(b.amount) ? [a, b] : [b, a];
    const ratio = amountValue(big.amount) / amountValue(small.amount);
    const qualifier = (amount: Amount): string => (amount.qualifier ? ` ${amount.qualifier}` : '');
    const text =
      ratio === 1
        ? `They are the same: ${formatAmount(big.amount)} (${big.amount.of}, ${formatDate(big.fact.date)}) and ${formatAmount(small.amount)} (${small.amount.of}, ${formatDate(small.fact.date)}).`
        : `${formatAmount(big.amount)}${qualifier(big.amount)} (${big.amount.of}, ${formatDate(big.fact.date)}) is bigger: about ${ratioText(ratio)} ${formatAmount(small.amount)}${qualifier(small.amount)} (${small.amount.of}, ${formatDate(small.fact.date)}), a difference of ${formatValue(amountValue(big.amount) - amountValue(small.amount), big.amount.unit)}.`;
    return this.reply('compare', text, [...new Set([big.fact, small.fact])]);
  }

  private extreme(amounts: readonly AskedAmount[], which: 'largest' | 'smallest'): ComputedReply {
    const units = new Set(amounts.map(({ amount }) => amount.unit));
    if (units.size > 1) return this.refuse('incomparable', `Those can't all be compared: they are in ${[...units].join(' and ')}.`, amounts.map(({ fact }) => fact));
    const sorted = [...amounts].sort((a, b) => amountValue(b.amount) - amountValue(a.amount));
    const pick = (which === 'largest' ? sorted[0] : sorted.at(-1)) as AskedAmount;
    const list = sorted.map(({ amount, fact }) => `${formatAmount(amount)}${suffix(amount)} (${amount.of}, ${formatDate(fact.date)})`).join(' > ');
    return this.reply('compare', `The ${which} is ${formatAmount(pick.amount)} (${pick.amount.of}, ${formatDate(pick.fact.date)}). Largest to smallest: ${list}.`, [...new Set(sorted.map(({ fact }) => fact))]);
  }

  /** "How long ago was the memo?": from the event to today, on the engine's clock. */
  private sinceNow(mention: EventMention): ComputedReply {
    const fact = mention.event.fact;
    const today = this.now().toISOString().slice(0, 10);
    if (!isFullDate(fact.date)) return this.refuse('missing-fact', `The story gives only ${formatDate(fact.date)} for ${fact.event?.name ?? fact.id}, not a day, so I can't count the days since.`, [fact]);
    const main = `${formatDate(fact.date)} → today, ${formatDate(today)}: ${describeSpan(daysBetween(fact.date, today))}`;
    const other = fact.second_date && isFullDate(fact.second_date.date) ? ` Counting from the day it was ${fact.second_date.label} (${formatDate(fact.second_date.date)}): ${describeSpan(daysBetween(fact.second_date.date, today))}.` : '';
    return this.reply('duration', `${this.nameOf(fact)}: ${main}.${other}\n• ${this.eventLine(fact)}`, [fact]);
  }

  private sameDayPair(a: EventMention, b: EventMention): ComputedReply {
    const [x, y] = [a.event.fact, b.event.fact];
    const same = x.date === y.date;
    const text = same
      ? `Yes — both on ${formatDate(x.date)}: ${x.event?.name ?? x.id} and ${y.event?.name ?? y.id}.`
      : `No — ${x.event?.name ?? x.id} was on ${this.dateText(x)}, ${y.event?.name ?? y.id} on ${this.dateText(y)}.`;
    return this.reply('on-date', `${text}\n• ${this.eventLine(x)}\n• ${this.eventLine(y)}`, [x, y]);
  }

  /** "Did Frontier come out before the Amazon deal?" — yes or no, with both dates. */
  private orderYesNo(a: EventMention, b: EventMention, asked: 'before' | 'after'): ComputedReply {
    const [x, y] = [a.event.fact, b.event.fact];
    if (x.date === y.date) return this.reply('order', `Neither — both on ${formatDate(x.date)}.\n• ${this.eventLine(x)}\n• ${this.eventLine(y)}`, [x, y]);
    const xFirst = x.date < y.date;
    const holds = asked === 'before' ? xFirst : !xFirst;
    const [earlier, later] = xFirst ? [x, y] : [y, x];
    const gap = isFullDate(earlier.date) && isFullDate(later.date) ? `, ${describeSpan(daysBetween(earlier.date, later.date))} apart` : '';
    return this.reply('order', `${holds ? 'Yes' : 'No'} — ${earlier.event?.name ?? earlier.id} (${this.dateText(earlier)}) came before ${later.event?.name ?? later.id} (${this.dateText(later)})${gap}.`, [earlier, later]);
  }

  /** "The amazon deal was back in 2025, wasn't it?": a year or month stated for an event, checked. */
  private dateClaim(fact: Fact, cleaned: string): ComputedReply | null {
    const year = /\b(20\d\d)\b/.exec(cleaned)?.[1];
    const monthWord = cleaned.split(' ').find((word) => /^[a-z]{3,9}$/.test(word) && MONTH_NAMES.includes(word.slice(0, 3)) && !['may', 'mar'].includes(word));
    if (year === undefined && monthWord === undefined) return null;
    const month = monthWord === undefined ? undefined : String(MONTH_NAMES.indexOf(monthWord.slice(0, 3)) + 1).padStart(2, '0');
    const dates = [fact.date, ...(fact.second_date ? [fact.second_date.date] : [])];
    const holds = dates.some((date) => (year === undefined || date.startsWith(year)) && (month === undefined || date.slice(5, 7) === month));
    return this.reply('premise', `${holds ? 'Yes' : 'No'} — ${fact.event?.name ?? fact.id}: ${this.dateText(fact)}.\n• ${this.eventLine(fact)}`, [fact]);
  }

  /** "Was X before or after Y?": which, with both dates. */
  private orderChoice(a: EventMention, b: EventMention): ComputedReply {
    const [x, y] = [a.event.fact, b.event.fact];
    if (x.date === y.date) return this.reply('order', `Same day — both on ${formatDate(x.date)}.\n• ${this.eventLine(x)}\n• ${this.eventLine(y)}`, [x, y]);
    const relation = x.date < y.date ? 'before' : 'after';
    const [earlier, later] = x.date < y.date ? [x, y] : [y, x];
    const gap = isFullDate(earlier.date) && isFullDate(later.date) ? `, ${describeSpan(daysBetween(earlier.date, later.date))} apart` : '';
    return this.reply('order', `${this.nameOf(x)} (${this.dateText(x)}) came ${relation} ${y.event?.name ?? y.id} (${this.dateText(y)})${gap}.`, [earlier, later]);
  }

  /** "The first thing after the memo", "the last thing before the Amazon deal". */
  private relative(mention: EventMention, direction: 'after' | 'before', analysis: QueryAnalysis): ComputedReply | null {
    const fact = mention.event.fact;
    const named = analysis.entities.filter((entity) => entity !== this.knowledge.pack.everywhere && !fact.entities.includes(entity));
    // "CNBC's report on the memo" is the memo again, not what came after it.
    const own = new Set([...this.factWords(fact).names].filter((term) => !CUE_TERMS.has(term)));
    const aboutIt = (other: Fact): boolean => [...this.factWords(other).names].some((term) => own.has(term) && !this.knowledge.entities.has(term));
    const pool = this.dated.filter((other) => other !== fact && !aboutIt(other) && (named.length === 0 || named.some((entity) => other.entities.includes(entity))));
    // Narrowed to a party ("the first thing Microsoft said after…"), the same day counts too.
    const later = (other: Fact): boolean => other.date > fact.date || (named.length > 0 && other.date === fact.date);
    const earlier = (other: Fact): boolean => other.date < fact.date || (named.length > 0 && other.date === fact.date);
    const pick = direction === 'after' ? pool.find(later) : [...pool].reverse().find(earlier);
    if (!pick) return this.refuse('missing-fact', `Nothing in the knowledge comes ${direction} ${fact.event?.name ?? fact.id} (${formatDate(fact.date)}).`, [fact]);
    const same = this.dated.filter((other) => other !== pick && other.date === pick.date && pool.includes(other));
    return this.reply('first-last', `${direction === 'after' ? 'Next' : 'Just before'} ${fact.event?.name ?? fact.id} (${formatDate(fact.date)}):\n${[pick, ...same].map((other) => `• ${this.eventLine(other)}`).join('\n')}`, [pick, ...same, fact]);
  }

  /** "Stargate: who, how much, when": the event with its parties, amounts and dates in one reply. */
  private severalFacts(fact: Fact): ComputedReply {
    const name = (id: string): string => this.knowledge.entities.get(id)?.name ?? id;
    const related = [...this.knowledge.facts.values()].filter((other) => other !== fact && other.date === fact.date && other.entities.some((entity) => fact.parties?.by.includes(entity)) && other.event === undefined);
    const lines = [`${this.nameOf(fact)} — ${this.dateText(fact)}.`];
    if (fact.parties) lines.push(`Who: ${fact.parties.by.map(name).join(', ')}${fact.parties.with.length > 0 ? `, with ${fact.parties.with.map(name).join(', ')}` : ''}.`);
    for (const amount of fact.amounts ?? []) lines.push(`How much: ${formatAmount(amount)}${suffix(amount)} (${amount.of}).`);
    lines.push(fact.statement, ...related.map((other) => other.statement));
    return this.reply('several-facts', lines.join('\n'), [fact, ...related]);
  }

  private sourcesOf(facts: readonly Fact[]): SourceRef[] {
    const sources = new Map<string, SourceRef>();
    for (const fact of facts) {
      for (const id of fact.sources) {
        const source = this.knowledge.sources.get(id);
        if (source) sources.set(source.id, toSourceRef(source));
      }
    }
    return [...sources.values()];
  }

  private reply(reason: Reason, text: string, facts: readonly Fact[]): ComputedReply {
    return { kind: 'answer', reason, text, sources: this.sourcesOf(facts), facts: facts.map((fact) => fact.id) };
  }

  private refuse(reason: Reason, text: string, facts: readonly Fact[] = []): ComputedReply {
    return { kind: 'decline', reason, text, sources: [], facts: facts.map((fact) => fact.id) };
  }

  private eventLine(fact: Fact): string {
    return `${this.dateText(fact)}: ${fact.statement}`;
  }

  /** "12 Apr 2026 (sent; reported 13 Apr 2026)" for a two-date event, else the date. */
  private dateText(fact: Fact): string {
    const first = formatDate(fact.date);
    if (!fact.second_date) return first;
    return `${first} (${fact.date_label ?? 'first'}; ${fact.second_date.label} ${formatDate(fact.second_date.date)})`;
  }

  private nameOf(fact: Fact): string {
    const name = fact.event?.name ?? fact.id;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  private order(mentions: readonly EventMention[]): ComputedReply {
    const facts = [...new Set(mentions.map((mention) => mention.event.fact))].sort((a, b) => a.date.localeCompare(b.date));
    const [first, ...rest] = facts as [Fact, ...Fact[]];
    const lines = facts.map((fact, index) => `${index + 1}. ${formatDate(fact.date)}: ${this.nameOf(fact)}`);
    const gap = rest[0] && isFullDate(first.date) && isFullDate(rest[0].date) ? ` — ${describeSpan(daysBetween(first.date, rest[0].date))} before ${rest[0].event?.name ?? rest[0].id}` : '';
    const text = `${this.nameOf(first)} came first (${formatDate(first.date)})${gap}.\n${lines.join('\n')}`;
    return this.reply('order', text, facts);
  }

  private duration(a: EventMention, b: EventMention): ComputedReply {
    const [from, to] = [a.event.fact, b.event.fact].sort((x, y) => x.date.localeCompare(y.date)) as [Fact, Fact];
    if (!isFullDate(from.date) || !isFullDate(to.date)) {
      return this.refuse('missing-fact', `The story gives only ${isFullDate(from.date) ? formatDate(to.date) : formatDate(from.date)} for ${isFullDate(from.date) ? to.event?.name : from.event?.name}, not a day, so I can't count the days between them.`, [from, to]);
    }
    const main = `${formatDate(from.date)} → ${formatDate(to.date)}: ${describeSpan(daysBetween(from.date, to.date))}`;
    const readings: string[] = [];
    for (const fact of [from, to]) {
      if (!fact.second_date || !isFullDate(fact.second_date.date)) continue;
      const other = fact === from ? to : from;
      const [start, end] = fact === from ? [fact.second_date.date, other.date] : [other.date, fact.second_date.date];
      readings.push(`counting ${fact.event?.name ?? fact.id} from the day it was ${fact.second_date.label} instead (${formatDate(fact.second_date.date)}, not ${fact.date_label ?? 'the first date'} ${formatDate(fact.date)}): ${describeSpan(daysBetween(start, end))}`);
    }
    const text = `From ${from.event?.name ?? from.id} to ${to.event?.name ?? to.id}: ${main}.${readings.length > 0 ? ` Or, ${readings.join('; ')}.` : ''}\n${[from, to].map((fact) => `• ${this.eventLine(fact)}`).join('\n')}`;
    return this.reply('duration', text, [from, to]);
  }

  private compare(a: EventMention, b: EventMention, asked: ReadonlySet<string>): ComputedReply {
    const first = a.event.fact;
    const second = b.event.fact;
    // Of an event's amounts, the one the question's words describe ("microsoft's stake value").
    const pick = (fact: Fact): Amount | undefined => [...(fact.amounts ?? [])].sort((x, y) => this.roleScore(asked, fact, y) - this.roleScore(asked, fact, x))[0];
    const amountA = pick(first);
    const amountB = pick(second);
    if (!amountA || !amountB) {
      const missing = !amountA ? first : second;
      return this.refuse('missing-fact', `The story gives no amount for ${missing.event?.name ?? missing.id}, so there is nothing to compare.`, [first, second]);
    }
    return this.compareAmounts({ amount: amountA, fact: first }, { amount: amountB, fact: second });
  }

  private sameDay(mention: EventMention): ComputedReply {
    const fact = mention.event.fact;
    const same = this.dated.filter((other) => other.date === fact.date && other !== fact);
    if (same.length === 0) return this.reply('on-date', `Nothing else in the story happened on ${formatDate(fact.date)}, the day of ${fact.event?.name ?? fact.id}.\n• ${this.eventLine(fact)}`, [fact]);
    return this.reply('on-date', `On ${formatDate(fact.date)}, the day of ${fact.event?.name ?? fact.id}, also:\n${same.map((other) => `• ${other.statement}`).join('\n')}`, [fact, ...same]);
  }

  private onDate(dates: readonly string[]): ComputedReply | null {
    const all = [...this.knowledge.facts.values()].sort((a, b) => a.date.localeCompare(b.date));
    const matches = all.filter((fact) => dates.some((date) => fact.date.startsWith(date) || fact.second_date?.date.startsWith(date)));
    if (matches.length > 0) {
      // "28 apr" without a year: name only the years something happened in.
      const used = dates.filter((date) => matches.some((fact) => fact.date.startsWith(date) || fact.second_date?.date.startsWith(date))).sort();
      const label = used.map(formatDate).join(' and ');
      return this.reply('on-date', `On ${label}:\n${matches.map((fact) => `• ${this.eventLine(fact)}`).join('\n')}`, matches);
    }
    const date = dates[0] as string;
    const before = [...this.dated].reverse().find((fact) => fact.date < date);
    const after = this.dated.find((fact) => fact.date > date);
    const near = [before, after].filter((fact): fact is Fact => fact !== undefined);
    if (near.length === 0) return null;
    // Nothing dated then is a gap in the story, not an answer: say so and point at what is near.
    return this.refuse('missing-fact', `Nothing in the knowledge is dated ${formatDate(date)}. The nearest events: ${near.map((fact) => `${fact.event?.name ?? fact.id} (${this.dateText(fact)})`).join('; ')}.`, near);
  }

  private firstOrLast(which: 'first' | 'last', analysis: QueryAnalysis, cleaned: string): ComputedReply | null {
    const named = analysis.entities.filter((entity) => entity !== this.knowledge.pack.everywhere);
    const year = /\b(20\d\d)\b/.exec(cleaned)?.[1];
    const pool = this.dated.filter((fact) => (named.length === 0 || named.some((entity) => fact.entities.includes(entity))) && (year === undefined || fact.date.startsWith(year)));
    const fact = which === 'first' ? pool[0] : pool.at(-1);
    if (!fact) return null;
    const intro = which === 'first' ? 'The earliest event in the knowledge' : 'The latest development in the knowledge';
    const scope = `${named.length > 0 ? ` involving ${named.map((id) => this.knowledge.entities.get(id)?.name ?? id).join(' and ')}` : ''}${year ? ` in ${year}` : ''}`;
    const same = pool.filter((other) => other !== fact && other.date === fact.date);
    return this.reply('first-last', `${intro}${scope}: ${this.eventLine(fact)}${same.map((other) => `\n• Same day: ${other.statement}`).join('')}`, [fact, ...same]);
  }

  /**
   * "So Microsoft put in the $50 billion?" A yes/no question naming a party and an amount (or an
   * event) is checked against who the facts say did it. Only a party named as an entity counts,
   * and every other telling word of the question must be about that fact: "did Amazon invest in
   * Anthropic?" turns on a word the fact does not hold, so it is not a premise the facts settle.
   */
  private premise(analysis: QueryAnalysis, mentions: readonly EventMention[]): ComputedReply | null {
    // "is the 2 GW more than Stargate's capacity?" compares; it does not claim who did something.
    if (/\b(more|less|bigger|smaller|larger|greater) than\b/.test(analysis.surface.join(' '))) return null;
    const numbers = analysis.surface.filter((word) => /^\d+(\.\d+)?$/.test(word)).map(Number);
    const byAmount = [...this.knowledge.facts.values()].flatMap((fact) => (fact.parties ? (fact.amounts ?? []).filter((amount) => numbers.includes(amount.value)).map((amount) => ({ fact, amount })) : []));
    const everywhere = this.knowledge.pack.everywhere;
    // The event's own subject ("did Microsoft launch Stargate?") and those it was done with are not claimed doers.
    const subject = (fact: Fact, entity: string): boolean => (fact.parties?.with.includes(entity) ?? false) || (fact.entities.includes(entity) && !(fact.parties?.by.includes(entity) ?? false));
    const claimedFor = (facts: readonly Fact[]): string[] => analysis.entities.filter((entity) => entity !== everywhere && !facts.some((fact) => subject(fact, entity)));
    // Without a number, only "did X <do> <event>?" is a premise about who did it: X stands right before the doing word.
    const eventFacts = mentions.map((mention) => mention.event.fact).filter((fact) => fact.parties);
    const doerBefore = (word: string, index: number): boolean =>
      DOING_WORDS.has(word) && [1, 2].some((back) => this.matcher.analyze(analysis.surface[index - back] ?? '').entities.some((entity) => claimedFor(eventFacts).includes(entity)));
    const byEvent = analysis.surface.some(doerBefore) ? eventFacts.map((fact) => ({ fact })) : [];
    const matches: { fact: Fact; amount?: Amount }[] = byAmount.length > 0 ? byAmount : byEvent;
    if (matches.length === 0) return null;
    const claimed = claimedFor(matches.map(({ fact }) => fact));
    if (claimed.length === 0) return null;
    if (!this.aboutFacts(analysis, matches.map(({ fact }) => fact), claimed)) return null;
    const doersOf = (match: { fact: Fact; amount?: Amount }): string[] => (match.amount?.by ? [match.amount.by] : (match.fact.parties?.by ?? []));
    const covers = (doers: readonly string[], entity: string): boolean =>
      doers.includes(entity) || doers.some((doer) => this.knowledge.entities.get(doer)?.includes.includes(entity)) || (this.knowledge.entities.get(entity)?.includes.some((inner) => doers.includes(inner)) ?? false);
    const name = (id: string): string => this.knowledge.entities.get(id)?.name ?? id;
    const what = (amount: Amount | undefined): string => (amount ? ` (${formatAmount(amount)}${suffix(amount)}, ${amount.of})` : '');
    const hit = matches.find((match) => claimed.every((entity) => covers(doersOf(match), entity)));
    // "Nvidia and SoftBank both put in 30 billion?" — each claim holds on an amount of its own.
    const each = claimed.map((entity) => matches.find((match) => match.amount && covers(doersOf(match), entity)));
    if (!hit && claimed.length > 1 && each.every((match) => match !== undefined)) {
      const held = each as { fact: Fact; amount?: Amount }[];
      return this.reply('premise', `Yes — ${held.map((match) => `${doersOf(match).map(name).join(' and ')}${what(match.amount)}`).join('; ')}. ${this.eventLine((held[0] as { fact: Fact }).fact)}`, [...new Set(held.map((match) => match.fact))]);
    }
    // Without an amount, naming the right party says little about what else the premise claims.
    if (hit && !hit.amount) return null;
    if (hit) return this.reply('premise', `Yes — it was ${doersOf(hit).map(name).join(' and ')}${what(hit.amount)}. ${this.eventLine(hit.fact)}`, [hit.fact]);
    const [first] = matches as [{ fact: Fact; amount?: Amount }];
    const wrong = claimed.filter((entity) => !matches.some((match) => covers(doersOf(match), entity)));
    if (wrong.length === 0) return null;
    return this.reply('premise', `No — it was ${doersOf(first).map(name).join(' and ')}, not ${wrong.map(name).join(' and ')}${what(first.amount)}. ${this.eventLine(first.fact)}`, [first.fact]);
  }

  /**
   * "Stargate = 100b over four years?", "the 38b aws deal runs 7 yrs?": a yes/no question stating a
   * number is checked against the amounts the facts give. The number's role is read from the
   * question's words ("over four years" belongs to the $500 billion, "valued" to the valuation): if
   * the amount the question describes has another value, the answer is no, with that amount.
   */
  private amountClaim(analysis: QueryAnalysis): ComputedReply | null {
    const numbers = numbersIn(analysis.surface);
    if (numbers.length === 0) return null;
    const asked = new Set(analysis.terms);
    const candidates = [...this.knowledge.facts.values()].flatMap((fact) => amountsWithYears(fact).map((amount) => ({ fact, amount, role: this.roleScore(asked, fact, amount) })));
    const stated = candidates.filter(({ amount }) => numbers.includes(amount.value));
    if (stated.length === 0) return null;
    const best = [...stated].sort((a, b) => b.role - a.role)[0] as (typeof stated)[number];
    if (best.role <= 0) return null;
    // The amount the question's words describe best, among those of the same unit in the same fact.
    const rival = candidates.filter(({ fact, amount }) => fact === best.fact && amount.unit === best.amount.unit && !numbers.includes(amount.value)).sort((a, b) => b.role - a.role)[0];
    // A word the fact never says ("…paid in tranches?", "…in Anthropic?") is what such a claim turns on.
    if (!this.aboutFacts(analysis, [best.fact], [])) return null;
    const describe = (amount: Amount): string => `${formatAmount(amount)}${suffix(amount)} (${amount.of})`;
    // A second number the fact contradicts ("38b over 5 yrs" when it is seven years).
    for (const value of numbers.filter((number) => number !== best.amount.value)) {
      const unit = unitAfter(analysis.surface, value);
      const other = unit ? candidates.find(({ fact, amount }) => fact === best.fact && amount.unit === unit && amount.value !== value) : undefined;
      if (other && !candidates.some(({ fact, amount }) => fact === best.fact && amount.unit === unit && amount.value === value)) {
        return this.reply('premise', `No — ${describe(other.amount)}, not ${value} ${unit}. ${this.eventLine(best.fact)}`, [best.fact]);
      }
    }
    // The question's words contradict how the fact describes this amount ("post-money" for the
    // pre-money valuation, "on day one" for a sum over four years): no, with what the fact says.
    const contradiction = contradicts(analysis.surface, `${best.amount.of} ${best.amount.qualifier ?? ''}`);
    if (contradiction) {
      // Name another figure only when it is the one the question describes ("on day one": the immediate sum).
      const truer = candidates.find(({ fact, amount }) => fact === best.fact && amount !== best.amount && amount.unit === best.amount.unit && describes(analysis.surface, `${amount.of} ${amount.qualifier ?? ''}`));
      return this.reply('premise', `No — ${describe(best.amount)}${truer ? `; ${describe(truer.amount)}` : ''}. ${this.eventLine(best.fact)}`, [best.fact]);
    }
    if (rival && rival.role === best.role) return null;
    if (rival && rival.role > best.role) return this.reply('premise', `No — ${describe(rival.amount)}; ${describe(best.amount)} is another figure. ${this.eventLine(best.fact)}`, [best.fact]);
    return this.reply('premise', `Yes — ${describe(best.amount)}. ${this.eventLine(best.fact)}`, [best.fact]);
  }

  /** How many of the question's words describe this amount: its name, qualifier and event. */
  private roleScore(asked: ReadonlySet<string>, fact: Fact, amount: Amount): number {
    const own = this.termsOf(`${amount.of} ${amount.qualifier ?? ''}`);
    const event = this.factWords(fact).names;
    let score = 0;
    for (const term of asked) {
      if (/^\d/.test(term) || CUE_TERMS.has(term)) continue;
      if (own.has(term)) score += 1;
      else if (event.has(term)) score += 0.5;
    }
    return score;
  }

  /** True when every telling word of the question is said by the facts, their parties or their names. */
  private aboutFacts(analysis: QueryAnalysis, facts: readonly Fact[], claimed: readonly string[]): boolean {
    const said = facts.map((fact) => this.factWords(fact).all);
    return analysis.terms.every(
      (term) => claimed.includes(term) || said.some((words) => words.has(term)) || /^\d/.test(term) || this.knowledge.entities.has(term) || this.matcher.weight(term, analysis.ordinary.has(term)) < PREMISE_SALIENT_WEIGHT,
    );
  }

  /** A text's terms as a set, remembered: names and amount descriptions are asked about again and again. */
  private termsOf(text: string): ReadonlySet<string> {
    let terms = this.textTerms.get(text);
    if (!terms) {
      terms = new Set(this.matcher.analyze(text).terms);
      this.textTerms.set(text, terms);
    }
    return terms;
  }

  /** Every word a fact says (statement, amounts, names, parties) and the words of its names alone. */
  private factWords(fact: Fact): { all: ReadonlySet<string>; names: ReadonlySet<string> } {
    let words = this.factTerms.get(fact.id);
    if (!words) {
      const names = new Set(this.matcher.analyze([fact.event?.name ?? '', ...(fact.event?.aliases ?? [])].join(' ')).terms);
      const all = new Set([...names, ...this.matcher.analyze(fact.statement).terms, ...fact.entities, ...(fact.parties?.by ?? []), ...(fact.parties?.with ?? [])]);
      for (const amount of fact.amounts ?? []) for (const term of this.termsOf(`${amount.of} ${amount.qualifier ?? ''}`)) all.add(term);
      words = { all, names };
      this.factTerms.set(fact.id, words);
    }
    return words;
  }
}
