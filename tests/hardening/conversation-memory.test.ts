// The conversation issue's memory floor: 10,000 distinct people, each holding a conversation, stay
// under the documented cap — measured on the worst shape the bounds allow (every conversation at
// its 20 turns, every question at the 300-character cut). `npm run stress:conversations` prints the
// typical shape on the real engine beside it.
import { describe, expect, it } from 'vitest';
import { CONVERSATION_MEMORY_CAP_MB, measureWorst } from '../../scripts/conversation-memory.js';
import { CONVERSATION_DEFAULTS } from '../../src/conversation/conversation.js';
import { realEngine } from '../helpers/engine.js';

describe('GIVEN 10,000 people, each with a conversation of 20 turns of the longest questions kept', () => {
  it(`THEN all 10,000 are held and their memory stays under the documented ${CONVERSATION_MEMORY_CAP_MB} MB`, { timeout: 60_000 }, async () => {
    const { mb, held } = await measureWorst(await realEngine(), CONVERSATION_DEFAULTS.max);
    expect(held).toBe(10_000);
    expect(mb).toBeLessThan(CONVERSATION_MEMORY_CAP_MB);
    // A measurement of nothing would pass the cap too: 10,000 conversations do take room.
    expect(mb).toBeGreaterThan(5);
  });
});
