// Discord settings, parsed once from an env-like object. Half a configuration is refused with a
// message that says what is missing and where in the developer portal to find it; the token itself
// never appears in an error, because errors end up in logs and CI output.
import { z } from 'zod';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST base without the version segment (discord.js appends `/v10`); null means discord.com. */
  apiUrl: string | null;
}

export type DiscordEnv = Readonly<Record<string, string | undefined>>;

export class DiscordConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Discord configuration is incomplete or invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DiscordConfigError';
    this.problems = problems;
  }
}

const PORTAL = 'https://discord.com/developers/applications';

const HINTS = {
  DISCORD_TOKEN: `Find it at ${PORTAL} → your application → Bot → Reset Token (shown once, so copy it then).`,
  DISCORD_APPLICATION_ID: `Find it at ${PORTAL} → your application → General Information → Application ID.`,
  DISCORD_API_URL: 'Leave it unset to talk to discord.com; it exists to point the bot at a test server.',
} as const;

type DiscordVariable = keyof typeof HINTS;

// Real bot tokens are three base64url segments joined by dots. The check is loose on purpose: it
// exists to catch the usual paste mistakes (a "Bot " prefix, quotes, the client secret), not to
// second-guess Discord's format.
const TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const SNOWFLAKE = /^\d{17,20}$/;
const VERSIONED_BASE = /\/v\d+\/?$/;

const emptyIsUnset = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyIsUnset,
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is not set' : 'must be a string') })
      .refine((token) => !/^bot\s/i.test(token), {
        message: 'starts with "Bot " — paste the bare token; discord.js adds the prefix',
      })
      .refine((token) => /^bot\s/i.test(token) || TOKEN_SHAPE.test(token), {
        message:
          'does not look like a bot token (three dot-separated parts) — the client secret from the OAuth2 page is a different thing',
      }),
  ),
  DISCORD_APPLICATION_ID: z.preprocess(
    emptyIsUnset,
    z
      .string({ error: (issue) => (issue.input === undefined ? 'is not set' : 'must be a string') })
      .regex(SNOWFLAKE, { message: 'must be the numeric application id (17–20 digits)' }),
  ),
  DISCORD_API_URL: z.preprocess(
    emptyIsUnset,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:8080/api' })
      .refine((url) => !VERSIONED_BASE.test(url), {
        message: 'must be the base without the version (…/api, not …/api/v10); discord.js appends /v10',
      })
      .optional(),
  ),
});

const VARIABLES = Object.keys(HINTS) as DiscordVariable[];

/**
 * Null when no DISCORD_* variable is set (Discord simply is not wanted), a config when complete,
 * and a DiscordConfigError naming every problem when half-configured.
 */
export function parseDiscordConfig(env: DiscordEnv): DiscordConfig | null {
  const anySet = VARIABLES.some((name) => emptyIsUnset(env[name]) !== undefined);
  if (!anySet) return null;

  const parsed = schema.safeParse({
    DISCORD_TOKEN: env.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID,
    DISCORD_API_URL: env.DISCORD_API_URL,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]) as DiscordVariable;
      return `${variable} ${issue.message}. ${HINTS[variable]}`;
    });
    throw new DiscordConfigError(problems);
  }

  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = parsed.data;
  return {
    token: DISCORD_TOKEN,
    applicationId: DISCORD_APPLICATION_ID,
    apiUrl: DISCORD_API_URL === undefined ? null : DISCORD_API_URL.replace(/\/+$/, ''),
  };
}
