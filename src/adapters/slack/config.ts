// Slack settings, read once from an env-like object. Three outcomes: Slack not configured at all
// (null: the composition root simply does not start this adapter), fully configured, or half
// configured — which stops the start with a message naming the variable and where Slack shows it.
// Values are never echoed: they are secrets, and error messages end up in logs.
import { z } from 'zod';

export const SLACK_ENV_VARS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL'] as const;

export const SLACK_DEFAULTS = Object.freeze({
  port: 3000,
  // Containers publish the port from outside; binding only loopback would make the bot unreachable.
  host: '0.0.0.0',
  eventsPath: '/slack/events',
});

export interface SlackSocketTransport {
  mode: 'socket';
  appToken: string;
}

export interface SlackHttpTransport {
  mode: 'http';
  signingSecret: string;
  port: number;
  host: string;
}

export interface SlackConfig {
  botToken: string;
  /** Web API base URL override (tests, proxies); undefined means Slack's own. */
  apiUrl: string | undefined;
  transport: SlackSocketTransport | SlackHttpTransport;
}

type EnvName = (typeof SLACK_ENV_VARS)[number] | 'PORT' | 'HOST';

/** Where each value lives, so the error can send the operator straight there. */
const WHERE_TO_FIND: Record<EnvName, string> = {
  SLACK_BOT_TOKEN:
    'In your app at https://api.slack.com/apps → OAuth & Permissions → "Bot User OAuth Token" (starts with xoxb-; install the app to the workspace first).',
  SLACK_APP_TOKEN:
    'In your app at https://api.slack.com/apps → Basic Information → App-Level Tokens: generate one with the connections:write scope (starts with xapp-). Leave it unset to use the HTTP Events API instead.',
  SLACK_SIGNING_SECRET:
    'In your app at https://api.slack.com/apps → Basic Information → App Credentials → "Signing Secret". It is needed for the HTTP Events API; set SLACK_APP_TOKEN instead to use Socket Mode.',
  SLACK_API_URL:
    'It is optional and only points the Web API elsewhere (a proxy or a test double), e.g. https://slack.com/api/. Leave it unset for Slack itself.',
  PORT: 'The port the HTTP Events API listens on (default 3000); Slack\'s Request URL must reach it at /slack/events.',
  HOST: 'The address the HTTP Events API binds (default 0.0.0.0).',
};

export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
  constructor(
    readonly variables: EnvName[],
    message: string,
  ) {
    super(message);
  }
}

// An empty variable counts as unset: `SLACK_APP_TOKEN=` in a .env file means "not using it".
// Surrounding whitespace (a pasted newline) is dropped; none of these values contains any.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }, schema.optional());

const noSpaces = /^\S+$/;

const slackEnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(
    z.string().regex(/^xoxb-\S+$/, { error: 'does not look like a bot token (those start with xoxb-)' }),
  ),
  SLACK_APP_TOKEN: optional(
    z.string().regex(/^xapp-\S+$/, { error: 'does not look like an app-level token (those start with xapp-)' }),
  ),
  SLACK_SIGNING_SECRET: optional(z.string().regex(noSpaces, { error: 'must be the secret alone, without spaces' })),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ),
  PORT: optional(
    z.coerce
      .number({ error: 'must be a whole number from 0 to 65535' })
      .int({ error: 'must be a whole number from 0 to 65535' })
      .min(0, { error: 'must be a whole number from 0 to 65535' })
      .max(65_535, { error: 'must be a whole number from 0 to 65535' }),
  ),
  HOST: optional(z.string().regex(noSpaces, { error: 'must be a host name or address without spaces' })),
});

function problem(variable: EnvName, what: string): string {
  return `${variable} ${what}. ${WHERE_TO_FIND[variable]}`;
}

function fail(problems: { variable: EnvName; what: string }[]): never {
  const lines = problems.map(({ variable, what }) => problem(variable, what));
  throw new SlackConfigError(
    problems.map(({ variable }) => variable),
    `Cannot start the Slack adapter:\n${lines.map((line) => `- ${line}`).join('\n')}`,
  );
}

/**
 * Reads the Slack settings. Returns null when no SLACK_* variable is set, the config when it is
 * complete, and throws SlackConfigError (naming each missing or malformed variable) otherwise.
 */
export function parseSlackConfig(env: Readonly<Record<string, string | undefined>>): SlackConfig | null {
  const configured = SLACK_ENV_VARS.some((name) => (env[name] ?? '').trim() !== '');
  if (!configured) return null;

  // PORT and HOST matter only over HTTP; a Socket Mode bot must not refuse to start over them.
  const socketMode = (env.SLACK_APP_TOKEN ?? '').trim() !== '';
  const parsed = slackEnvSchema.safeParse(socketMode ? { ...env, PORT: undefined, HOST: undefined } : env);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => ({ variable: issue.path[0] as EnvName, what: issue.message })));
  }
  const values = parsed.data;

  if (values.SLACK_BOT_TOKEN === undefined) fail([{ variable: 'SLACK_BOT_TOKEN', what: 'is not set' }]);
  const base = { botToken: values.SLACK_BOT_TOKEN, apiUrl: values.SLACK_API_URL };
  if (values.SLACK_APP_TOKEN !== undefined) {
    return { ...base, transport: { mode: 'socket', appToken: values.SLACK_APP_TOKEN } };
  }
  if (values.SLACK_SIGNING_SECRET === undefined) {
    fail([{ variable: 'SLACK_SIGNING_SECRET', what: 'is not set (and SLACK_APP_TOKEN is not set either)' }]);
  }
  return {
    ...base,
    transport: {
      mode: 'http',
      signingSecret: values.SLACK_SIGNING_SECRET,
      port: values.PORT ?? SLACK_DEFAULTS.port,
      host: values.HOST ?? SLACK_DEFAULTS.host,
    },
  };
}
