// Turns chat text into comparable words. Chat questions arrive wrapped in platform markup
// (mentions, channel links, emoji shortcodes), with typos, contractions and filler; the matcher
// should see only the words that carry meaning.

/** Hard cap on what is normalised, so a 10,000-character paste costs the same as a long question. */
export const MAX_NORMALIZED_LENGTH = 500;

const MONTHS: Record<string, string> = {
  january: 'jan', february: 'feb', march: 'mar', april: 'apr', june: 'jun', july: 'jul',
  august: 'aug', september: 'sep', sept: 'sep', october: 'oct', november: 'nov', december: 'dec',
};

const CONTRACTIONS: [RegExp, string][] = [
  [/\b(what|who|where|when|how|why|that|there|it|he|she)'s\b/g, '$1 is'],
  [/\b(can)'t\b/g, 'can not'],
  [/\b(won)'t\b/g, 'will not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'m\b/g, ' am'],
  // Possessive: "Amazon's cloud" means the same as "Amazon cloud".
  [/'s\b/g, ''],
  [/s'(?=\s|$)/g, 's'],
];

// Platform markup that carries no question words: Slack <@U…>, <!channel>, <#C…|name>,
// Discord <@!…>, <@&…>, <#…>, <:emoji:123>, plus @everyone / @here typed plainly.
const MARKUP: [RegExp, string][] = [
  // Terminal escape sequences (colours, cursor moves) pasted from a shell.
  [/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' '],
  [/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, ' '],
  // A masked link's label is whatever the sender wants it to say; it is not the question.
  [/\[[^\]]{0,200}\]\((?:https?:\/\/|<)[^)\s]{0,500}\)/gi, ' '],
  [/\|\|/g, ' '],
  [/<(?:https?|mailto):[^|>\s]*\|([^>]*)>/gi, ' $1 '],
  [/<(?:https?|mailto):[^>\s]*>/gi, ' '],
  [/<#[A-Z0-9]+\|([^>]*)>/gi, ' $1 '],
  [/<a?:[\w~]+:\d+>/g, ' '],
  [/<[@#!][^>\s]{0,80}>/g, ' '],
  [/@(?:everyone|here|channel)\b/gi, ' '],
  [/:[a-z0-9_+-]{1,40}:/g, ' '],
  [/```[\s\S]*?```/g, ' '],
  [/https?:\/\/\S+/gi, ' '],
];

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]/g;
const PICTOGRAPHS = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u20e3]/gu;

/**
 * Lower-case words of a question, markup and punctuation removed. Digits glued to letters are split
 * ("$50b" → "50 b", "2gw" → "2 gw", "trainium4" → "trainium 4") so synonyms and typo correction
 * see the word.
 */
export function cleanText(raw: string): string {
  // The deciders clean the same question and its sentences several times; cleaning is pure.
  if (raw.length <= CLEAN_CACHE_TEXT_LIMIT) {
    const cached = cleaned.get(raw);
    if (cached !== undefined) return cached;
    const result = cleanUncached(raw);
    if (cleaned.size >= CLEAN_CACHE_SIZE) cleaned.delete(cleaned.keys().next().value as string);
    cleaned.set(raw, result);
    return result;
  }
  return cleanUncached(raw);
}

const CLEAN_CACHE_TEXT_LIMIT = 400;
const CLEAN_CACHE_SIZE = 5_000;
const cleaned = new Map<string, string>();

function cleanUncached(raw: string): string {
  let text = raw.length > MAX_NORMALIZED_LENGTH * 4 ? raw.slice(0, MAX_NORMALIZED_LENGTH * 4) : raw;
  for (const [pattern, replacement] of MARKUP) text = text.replace(pattern, replacement);
  text = text.normalize('NFKC').replace(INVISIBLE, ' ').replace(PICTOGRAPHS, ' ').toLowerCase();
  text = text.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/\s*(?:→|->|=>|⟶)\s*/g, ' to ');
  for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  text = text
    .replace(/(\d),(\d{3})/g, '$1$2')
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > MAX_NORMALIZED_LENGTH) text = text.slice(0, MAX_NORMALIZED_LENGTH).replace(/\s\S*$/, '');
  return text.replace(/\b[a-z]+\b/g, (word) => MONTHS[word] ?? word);
}

/** The form used to compare whole phrasings (duplicate checks, eval-set leakage checks). */
export function normalizeForKey(raw: string): string {
  return cleanText(raw);
}

export function words(cleaned: string): string[] {
  return cleaned === '' ? [] : cleaned.split(' ');
}

/**
 * A light suffix stemmer: enough to make invest/invests/invested/investing/investment and
 * share/shared/sharing meet, without a dictionary. Ids with hyphens (entities) are left alone.
 */
export function stem(word: string): string {
  if (word.length <= 3 || word.includes('-') || /\d/.test(word)) return word;
  let stemmed = word;
  if (stemmed.endsWith('ies') && stemmed.length > 4) stemmed = `${stemmed.slice(0, -3)}y`;
  else if (stemmed.endsWith('ment') && stemmed.length > 7) stemmed = stemmed.slice(0, -4);
  else if (stemmed.endsWith('ation') && stemmed.length > 8) stemmed = stemmed.slice(0, -5);
  else if (stemmed.endsWith('ing') && stemmed.length > 5) stemmed = stemmed.slice(0, -3);
  else if (stemmed.endsWith('ed') && stemmed.length > 4) stemmed = stemmed.slice(0, -2);
  else if (stemmed.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(stemmed)) stemmed = stemmed.slice(0, -2);
  else if (stemmed.endsWith('s') && !/(?:ss|us|is)$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 3 && stemmed.endsWith('e')) stemmed = stemmed.slice(0, -1);
  if (stemmed.length > 4 && /([bdfgklmnprt])\1$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  return stemmed;
}
