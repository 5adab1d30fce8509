// Secrets never reach a log line, whatever object a caller hands the logger.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

describe('logger redaction', () => {
  it('GIVEN tokens and secrets in logged objects THEN the line shows [redacted], never the value', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    logger.info({ config: { SLACK_BOT_TOKEN: 'xoxb-secret-1', SLACK_APP_TOKEN: 'xapp-secret-2', SLACK_SIGNING_SECRET: 'sign-secret-3', DISCORD_TOKEN: 'discord-secret-4' } }, 'config');
    logger.info({ slack: { botToken: 'xoxb-secret-5', appToken: 'xapp-secret-6', signingSecret: 'sign-secret-7' }, discord: { token: 'discord-secret-8' } }, 'adapters');
    logger.info({ req: { headers: { authorization: 'Bot discord-secret-9' } } }, 'request');
    const output = lines.join('');
    for (let index = 1; index <= 9; index += 1) expect(output).not.toContain(`secret-${index}`);
    expect(output.match(/\[redacted\]/g)?.length).toBe(9);
  });
});
