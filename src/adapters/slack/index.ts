// What the composition root needs from the Slack adapter.
export { startSlack, SlackStartError, type RunningSlackAdapter, type StartSlackOptions } from './app.js';
export { parseSlackConfig, SlackConfigError, SLACK_DEFAULTS, type SlackConfig } from './config.js';
