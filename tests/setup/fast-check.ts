// Property tests are reproducible by default: every fc.assert / fc.sample draws from one fixed seed
// unless FC_SEED names another, and fast-check's failure message prints the seed (and the path to
// the shrunk counterexample) to rerun with. Counts default to 1,000 runs a property; FC_RUNS (and
// FC_SUGGEST_RUNS for autocomplete alone) raise them for a deeper search.
import fc from 'fast-check';

/** The story's first date, as in the soak test: any fixed number would do. */
export const DEFAULT_PROPERTY_SEED = 20_260_227;
export const DEFAULT_PROPERTY_RUNS = 1_000;

export interface PropertySettings {
  seed: number;
  runs: number;
  suggestRuns: number;
}

function whole(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name}=${raw} must be a whole number ≥ ${min}`);
  return value;
}

export function propertySettings(env: Readonly<Record<string, string | undefined>>): PropertySettings {
  // fast-check takes any 32-bit integer as a seed, negative ones included (it prints them so).
  const seed = whole(env, 'FC_SEED', DEFAULT_PROPERTY_SEED, -(2 ** 31));
  const runs = whole(env, 'FC_RUNS', DEFAULT_PROPERTY_RUNS, 1);
  return { seed, runs, suggestRuns: whole(env, 'FC_SUGGEST_RUNS', runs, 1) };
}

export const PROPERTIES = propertySettings(process.env);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: PROPERTIES.seed });
