// Yes/no questions: whether a question asks for a yes or a no, and which one an entry's answer
// gives it. Entries keep their answer text neutral and list cue phrases for each side, so "is the
// deal dead?" and "does the deal still stand?" get opposite openings from one answer.
import { stem, words } from './normalize.js';

const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'am', 'did', 'does', 'do', 'has', 'have', 'had', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'must',
]);
/** Chat openers that may stand before the auxiliary: "so is …", "quick q, did …", "wait, has …". */
const OPENERS = new Set(['so', 'and', 'but', 'ok', 'okay', 'wait', 'quick', 'q', 'question', 'hey', 'hi', 'yo', 'um', 'hmm', 'also', 'then', 'really', 'footnote', 'pls', 'please', 'sorry', 'btw', 'just', 'checking', 'sanity', 'check', 'confirm', 'true', 'false', 'right', 'correct']);
/** Tails that turn a statement into a yes/no question: "amazon put in 50b, right?" */
const TAG_TAILS = [
  'right', 'correct', 'true', 'yes or no', 'yes no', 'confirm', 'is that right', 'is that true', 'is that correct', 'am i right', 'no', 'yes', 'yeah', 'yea', 'ya', 'yep',
  'or nah', 'or not', 'y n', 'yn', 'yes or nah', 'didnt it', 'doesnt it', 'isnt it', 'wasnt it', 'arent they', 'werent they', 'right or not', 'right or wrong', 'does not it', 'did not it', 'is not it', 'was not it', 'are not they', 'were not they', 'has not it', 'have not they', 'innit', 'yeah or no',
];
const WH_WORDS = /\b(who|whom|whose|what|when|where|why|how|which)\b/;
/** A keyword query ("amazon 50bn?") is no statement; one with a verb ("the deal runs 7 yrs?") is. */
const STATEMENT_VERB = /\b(is|was|are|were|did|does|do|has|have|had|will|would|can|could|runs?|ran|got|gets|paid|pays|put|puts|owns?|came|comes|went|became|becomes|holds?|keeps?|kept|stays?|stayed|says?|said|started|ended|ends|lost|gave|gives|signed|launched|moved|left|still)\b/;


/** Verbs of a polite request: "could you summarise", "can you tell me". */
const REQUEST_VERBS = /\b(tell|give|explain|state|summari[sz]e|list|quantify|describe|walk|show|share|clarify|outline|break|lay|spell|confirm what|remind|say|help|point|recap|compare|sum|detail|name|provide|write|draft|put)\b/;

export type Polarity = 'yes' | 'no';

export interface YesNoCues {
  yes: readonly string[];
  no: readonly string[];
}

/**
 * True when the cleaned question asks for a yes or a no (and not "A or B?"). Given the raw text
 * too, a statement asked with a question mark counts: "the memo was from Dresser?".
 */
export function isYesNoQuestion(cleaned: string, asked?: string): boolean {
  const tokens = words(cleaned);
  if (tokens.length === 0) return false;
  // "can you tell me how much…", "could you summarise…" ask for an answer, not a yes or a no.
  if (/^(can|could|would|will) (you|u|someone|anyone|somebody) /.test(cleaned) && REQUEST_VERBS.test(tokens.slice(2, 5).join(' '))) return false;
  // A statement asked with a question mark ("the 38b deal runs 7 yrs?") asks whether it holds.
  // A question word opening it ("when did…") makes it a wh-question; one inside ("…a cut when it sells thru aws?") does not.
  if (asked?.trim().endsWith('?') && tokens.length >= 4 && !WH_WORDS.test(tokens.slice(0, 2).join(' ')) && STATEMENT_VERB.test(cleaned)) return true;
  const spaced = ` ${cleaned} `;
  if (TAG_TAILS.some((tail) => cleaned.endsWith(` ${tail}`))) return true;
  if (spaced.includes(' is it true ') || spaced.includes(' true that ') || spaced.includes(' yes or no ')) return true;
  let index = 0;
  while (index < tokens.length - 1 && index < 4 && OPENERS.has(tokens[index] as string)) index += 1;
  // "can you tell me how much…", "could you summarise…" ask for an answer, not a yes or a no.
  if (/^(can|could|would|will) (you|u|someone|anyone|somebody) /.test(tokens.slice(index).join(' ')) && REQUEST_VERBS.test(tokens.slice(index + 2, index + 5).join(' '))) return false;
  return AUXILIARIES.has(tokens[index] as string);
}

/** Stemmed words joined by single spaces, padded, so phrases match on whole words. */
function stemmedText(cleaned: string): string {
  return ` ${words(cleaned).map(stem).join(' ')} `;
}

/** Cleaned, stemmed cue phrases per cue list: an entry's cues are the same on every question. */
const preparedCues = new WeakMap<readonly string[], string[]>();

function containsCue(stemmed: string, cues: readonly string[], clean: (text: string) => string): boolean {
  let prepared = preparedCues.get(cues);
  if (!prepared) {
    prepared = cues.map((cue) => stemmedText(clean(cue)).trim()).filter((cue) => cue !== '');
    preparedCues.set(cues, prepared);
  }
  return prepared.some((cue) => stemmed.includes(` ${cue} `));
}

/**
 * The opening an entry's answer gives this question: `yes` or `no` from the cue it contains (a "no"
 * cue names the opposite claim, so it wins when both appear: "is it still dead?"), or null when the
 * question is not a yes/no question, offers alternatives ("alive or dead?"), or has no cue at all.
 */
export function polarityFor(cleaned: string, cues: YesNoCues, clean: (text: string) => string, asked?: string): Polarity | null {
  if (!isYesNoQuestion(cleaned, asked)) return null;
  if (/ or (?!not\b)/.test(` ${cleaned} `) && !cleaned.endsWith(' or not')) return null;
  const stemmed = stemmedText(cleaned);
  if (containsCue(stemmed, cues.no, clean)) return 'no';
  if (containsCue(stemmed, cues.yes, clean)) return 'yes';
  return null;
}

/** True when a curated answer opens with its own yes or no, which the engine cannot turn around. */
export function opensWithYesOrNo(answer: string): boolean {
  return /^\W*(yes|no|nope|yep|yeah)\b/i.test(answer);
}
