import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApplicationCommandOptionType } from 'discord.js';
import { COMMANDS, CommandDefinitionError, validateCommands, type SlashCommand } from '../../src/adapters/discord/commands/index.js';
import { ask } from '../../src/adapters/discord/commands/ask.js';
import { timeline } from '../../src/adapters/discord/commands/timeline.js';
import { realEngine } from '../helpers/engine.js';

const engine = await realEngine();

const command = (data: Partial<SlashCommand['data']>, autocomplete = false): SlashCommand => ({
  data: { name: 'x', description: 'd', ...data },
  request: () => {
    throw new Error('not called');
  },
  ...(autocomplete ? { autocomplete: () => [] } : {}),
});

describe('GIVEN the command definitions', () => {
  it('THEN exactly /ask and /timeline are defined', () => {
    expect([...COMMANDS.keys()]).toEqual(['ask', 'timeline']);
  });

  it.each([
    ['duplicate names', [command({ name: 'a' }), command({ name: 'a' })], /share this name/],
    ['a bad name', [command({ name: 'Ask Me' })], /name must be/],
    [
      'a required option after an optional one',
      [
        command({
          options: [
            { name: 'a', description: 'd', type: ApplicationCommandOptionType.String },
            { name: 'b', description: 'd', type: ApplicationCommandOptionType.String, required: true },
          ],
        }),
      ],
      /comes after an optional one/,
    ],
    [
      'autocomplete without a handler',
      [command({ options: [{ name: 'q', description: 'd', type: ApplicationCommandOptionType.String, autocomplete: true }] })],
      /no autocomplete handler/,
    ],
  ])('WHEN given %s THEN validation fails loudly, naming the command', (_label, commands, message) => {
    expect(() => validateCommands(commands)).toThrow(CommandDefinitionError);
    expect(() => validateCommands(commands)).toThrow(message);
  });

  it.each([
    ['a question', 'what did amazon invest?', { kind: 'question', text: 'what did amazon invest?', via: 'command' }],
    ['a blank question (a stale definition or a forged payload)', '   ', { kind: 'question', text: '', via: 'command' }],
  ])('WHEN /ask carries %s THEN it asks the conversation layer that question, as a command', (_label, question, expected) => {
    expect(ask.request({ getString: (name) => (name === 'question' ? question : null) })).toEqual(expected);
  });

  it('WHEN /timeline carries options THEN they become the timeline query, blanks left out', () => {
    const values: Record<string, string> = { topic: ' amazon ', from: '', to: '2026-04' };
    expect(timeline.request({ getString: (name) => values[name] ?? null })).toEqual({ kind: 'timeline', query: { topic: 'amazon', to: '2026-04' } });
  });

  it('THEN /ask autocomplete never throws and stays within Discord limits for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (value) => {
        const choices = ask.autocomplete({ name: 'question', value }, engine);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(100);
          expect(choice.value.length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 200 },
    );
  });
});
