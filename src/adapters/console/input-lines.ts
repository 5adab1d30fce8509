// Lines of piped input, one question each. Only "\n" (or "\r\n") ends a line: readline also ends
// one at a bare "\r", which splits a question with a stray carriage return in it into two.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const withoutCarriageReturn = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** Each line as soon as its "\n" arrives; a last line without one is yielded at the end of input. */
export async function* inputLines(input: Readable): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // Only the new chunk is searched, so a long line arriving in many chunks costs linear time.
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = pending + text.slice(start, end);
      pending = '';
      start = end + 1;
      yield withoutCarriageReturn(line);
    }
    pending += text.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield withoutCarriageReturn(pending);
}
