// What footnote says when it has nothing to run: no platform credentials, and no terminal or pipe
// for the console chat. Inside a container the fix is a flag of `docker run`, not a local
// terminal, so the hint depends on where it runs (Docker writes /.dockerenv, Podman /run/.containerenv).
import { existsSync } from 'node:fs';

export function inContainer(exists: (path: string) => boolean = existsSync): boolean {
  return exists('/.dockerenv') || exists('/run/.containerenv');
}

export function nothingToRunMessage(container: boolean): string {
  const chat = container
    ? 'or, for the console chat, run the container with a terminal: docker run -it … (Ctrl-D or /quit leaves).'
    : 'or, for the console chat, run `npm start` in a terminal, or pipe questions in: echo "what did Amazon invest?" | npm start.';
  return [
    'footnote has nothing to run: no Slack or Discord credentials are set, and there is no terminal or pipe to chat on.',
    `Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, and/or DISCORD_TOKEN with DISCORD_APPLICATION_ID (see .env.example${container ? '; docker run --env-file .env …' : ''}),`,
    chat,
  ].join('\n');
}
