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

export const factSchema = z.strictObject({
  id,
  statement: text,
  date: partialDate,
  as_of: z.boolean({ error: 'must be true or false' }).default(false),
  timeline: z.boolean({ error: 'must be true or false' }).default(false),
  entities: z.array(id).min(1, { error: 'must name at least one entity' }),
  sources: z.array(id).min(1, { error: 'must cite at least one source' }),
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

export type KnowledgeFile = z.infer<typeof knowledgeFileSchema>;
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
