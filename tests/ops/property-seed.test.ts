// Property tests are reproducible: one fixed seed by default (FC_SEED overrides it), 1,000 runs a
// property (FC_RUNS raises it), and a failure names the seed to rerun with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROPERTY_RUNS, DEFAULT_PROPERTY_SEED, PROPERTIES, propertySettings } from '../setup/fast-check.js';

describe('GIVEN the property test settings', () => {
  it('WHEN nothing is set THEN the seed is fixed and each property runs 1,000 cases', () => {
    expect(propertySettings({})).toEqual({ seed: DEFAULT_PROPERTY_SEED, runs: 1_000, suggestRuns: 1_000 });
    expect(DEFAULT_PROPERTY_RUNS).toBe(1_000);
  });

  it('WHEN FC_SEED, FC_RUNS and FC_SUGGEST_RUNS are set THEN they win; a bad value stops the run', () => {
    expect(propertySettings({ FC_SEED: '-1819918769', FC_RUNS: '10000' })).toEqual({ seed: -1_819_918_769, runs: 10_000, suggestRuns: 10_000 });
    expect(propertySettings({ FC_RUNS: '2000', FC_SUGGEST_RUNS: '50000' })).toEqual({ seed: DEFAULT_PROPERTY_SEED, runs: 2_000, suggestRuns: 50_000 });
    expect(propertySettings({ FC_SEED: ' ' }).seed).toBe(DEFAULT_PROPERTY_SEED);
    expect(() => propertySettings({ FC_RUNS: 'lots' })).toThrow(/FC_RUNS=lots/);
    expect(() => propertySettings({ FC_RUNS: '0' })).toThrow(/FC_RUNS/);
  });

  it('WHEN fast-check runs here THEN it uses that seed, so two runs draw the same inputs', () => {
    expect(fc.readConfigureGlobal().seed).toBe(PROPERTIES.seed);
    const draw = (): number[] => fc.sample(fc.integer(), 20);
    expect(draw()).toEqual(draw());
  });

  it('WHEN a property fails THEN the message names the seed, and that seed replays the same counterexample', () => {
    const failing = (): void => fc.assert(fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => n < 500));
    const message = (): string => {
      try {
        failing();
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      throw new Error('the property was expected to fail');
    };
    const first = message();
    expect(first).toContain(`seed: ${PROPERTIES.seed}`);
    expect(message()).toBe(first);
  });
});
