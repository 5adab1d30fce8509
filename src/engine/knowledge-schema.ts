// The shape of one knowledge file. Files may hold any of the six sections; the loader merges
// them and then checks the references between them (see validate-knowledge.ts).
import { z } from 'zod';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

export const MIN_ALTERNATES = 6;
export const MAX_ANSWER_SENTENCES = 3;

/** A calendar-valid `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (rejects 2026-02-30). */
export function isValidPartialDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number?, number?];
  if (month === undefined) return year >= 1900 && year <= 2999;
  if (month < 1 || month > 12) return false;
  if (day === undefined) return true;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

const id = z
  .string({ error: 'must be a text id' })
  .regex(ID, { error: 'must be lower-case words joined by hyphens, e.g. "amazon-investment"' });

const text = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'must not be empty' });

const partialDate = z
  .string({ error: 'must be a quoted date such as "2026-02-27"' })
  .refine(isValidPartialDate, { error: 'must be a real date written YYYY-MM-DD, YYYY-MM or YYYY' });

const httpsUrl = z
  .string({ error: 'must be a URL' })
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
    error: 'must be an https:// URL',
  });

export const sourceSchema = z.strictObject({
  id,
  title: text,
  publisher: text,
  url: httpsUrl,
  date: partialDate,
});

/** Units an amount can have; only amounts of one unit compare. */
export const AMOUNT_UNITS = ['USD', 'gigawatts', 'percent', 'years'] as const;
export const AMOUNT_SCALES = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 } as const;

/** A number a fact states: `$50 billion` is `{ value: 50, scale: billion, unit: USD }`. */
export const amountSchema = z.strictObject({
  value: z.number({ error: 'must be a number, e.g. 50' }).positive({ error: 'must be above zero' }).finite(),
  scale: z.enum(Object.keys(AMOUNT_SCALES) as [keyof typeof AMOUNT_SCALES], { error: 'must be thousand, million, billion or trillion' }).optional(),
  unit: z.enum(AMOUNT_UNITS, { error: `must be one of ${AMOUNT_UNITS.join(', ')}` }),
  /** What the number is, completing "the …": "investment in OpenAI", "Trainium capacity". */
  of: text,
  /** How the number is bounded, e.g. "over four years", "immediately". */
  qualifier: text.optional(),
  /** Who put this amount in, when the fact's parties did not all (a round with several investors). */
  by: id.optional(),
});

/** What happened, for questions that ask by kind ("which investment came first"). */
export const FACT_KINDS = ['investment', 'partnership', 'agreement', 'amendment', 'statement', 'memo', 'report', 'launch', 'commitment', 'arrangement', 'availability'] as const;

export const factSchema = z.strictObject({
  id,
  statement: text,
  date: partialDate,
  /** What `date` is when the event has two, e.g. "sent" (and `second_date` "reported"). */
  date_label: text.optional(),
  second_date: z.strictObject({ date: partialDate, label: text }).optional(),
  as_of: z.boolean({ error: 'must be true or false' }).default(false),
  timeline: z.boolean({ error: 'must be true or false' }).default(false),
  entities: z.array(id).min(1, { error: 'must name at least one entity' }),
  sources: z.array(id).min(1, { error: 'must cite at least one source' }),
  kind: z.enum(FACT_KINDS, { error: `must be one of ${FACT_KINDS.join(', ')}` }).optional(),
  /** Who did it (`by`), and to or with whom (`with`), as entity ids. */
  parties: z.strictObject({ by: z.array(id).min(1, { error: 'must name who did it' }), with: z.array(id).default([]) }).optional(),
  amounts: z.array(amountSchema).default([]),
  /** How people name the event ("the memo", "the amazon deal"), for order and duration questions. */
  event: z.strictObject({ name: text, aliases: z.array(text).default([]) }).optional(),
});

export const entitySchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  /** Entities a topic or timeline about this one also covers (Microsoft covers Azure). */
  includes: z.array(id).default([]),
  /** A number right after the name is a generation or model ("Trainium3" is not "Trainium4"). */
  numbered: z.boolean({ error: 'must be true or false' }).default(false),
  summary: text,
  facts: z.array(id).min(1, { error: 'must list at least one fact, so the summary is cited' }),
});

export const entrySchema = z.strictObject({
  id,
  question: text,
  alternates: z
    .array(text)
    .min(MIN_ALTERNATES, { error: `must have at least ${MIN_ALTERNATES} alternate phrasings` }),
  answer: text.refine((value) => countSentences(value) <= MAX_ANSWER_SENTENCES, {
    error: `must be one to ${MAX_ANSWER_SENTENCES} sentences`,
  }),
  facts: z.array(id).min(1, { error: 'must rest on at least one fact' }),
  related: z.array(id).default([]),
  /**
   * For an entry that answers a yes/no question: cue phrases of what is true (`yes`) and of the
   * opposite claims (`no`). The answer text stays neutral; the engine opens it with "Yes" or "No"
   * from the cue the question contains, and with neither when it contains none.
   */
  yes_no: z.strictObject({ yes: z.array(text).min(1, { error: 'must list at least one cue' }), no: z.array(text).min(1, { error: 'must list at least one cue' }) }).optional(),
});

export const synonymSchema = z.strictObject({
  canonical: text,
  variants: z.array(text).min(1, { error: 'must list at least one variant' }),
});

export const MIN_UNANSWERED_PHRASINGS = 3;

/**
 * A question family the story does not answer ("who is OpenAI's CEO?"). Matching a question to
 * one is evidence for declining it, however many words it shares with an entry.
 */
export const unansweredSchema = z.strictObject({
  id,
  /** Completes "The story does not say …", e.g. "who runs these companies". */
  about: text,
  phrasings: z
    .array(text)
    .min(MIN_UNANSWERED_PHRASINGS, { error: `must have at least ${MIN_UNANSWERED_PHRASINGS} phrasings` }),
});

export const knowledgeFileSchema = z.strictObject({
  sources: z.array(sourceSchema).optional(),
  facts: z.array(factSchema).optional(),
  entities: z.array(entitySchema).optional(),
  entries: z.array(entrySchema).optional(),
  synonyms: z.array(synonymSchema).optional(),
  unanswered: z.array(unansweredSchema).optional(),
});

/** The pack's own words and settings (knowledge/pack.yaml), so a new pack needs no code change. */
export const packSchema = z.strictObject({
  /** Completes "I know about …". */
  scope: text,
  greeting: text,
  /** The first sentence of the help reply. */
  help: text,
  /** Entry ids shown as examples in help and after a decline with nothing close. */
  examples: z.array(id).min(1, { error: 'must list at least one entry id' }).max(3, { error: 'must list at most three entry ids' }),
  /** The sentence over the whole-story timeline. */
  timeline_title: text,
  /** The entity in nearly every event (naming it does not narrow a timeline). */
  everywhere: id.optional(),
  /** The story's own period: events after `until` are later changes, marked as such. */
  period: z.strictObject({ from: partialDate, until: partialDate }),
});

export type KnowledgeFile = z.infer<typeof knowledgeFileSchema>;
export type PackRecord = z.infer<typeof packSchema>;
export type SourceRecord = z.infer<typeof sourceSchema>;
export type FactRecord = z.infer<typeof factSchema>;
export type EntityRecord = z.infer<typeof entitySchema>;
export type EntryRecord = z.infer<typeof entrySchema>;
export type SynonymRecord = z.infer<typeof synonymSchema>;
export type UnansweredRecord = z.infer<typeof unansweredSchema>;

/** Sentences end in . ! or ? followed by a space or the end; "$50 billion" or "U.S." do not count. */
export function countSentences(value: string): number {
  return (value.trim().match(/[.!?](?=\s+[A-Z"“(]|\s*$)/g) ?? []).length || 1;
}
