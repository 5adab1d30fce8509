// The adapter's one error boundary. A listener's work runs inside `withErrorBoundary`: a failure is
// logged with what the listener was doing, the person is told something went wrong (if Slack can
// still be reached), and nothing escapes to take the process down. `app.error` catches what fails
// outside a listener (authorization, middleware) so the server keeps serving the next request.
import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** What the listener was handling, for the log line. Never tokens or message bodies. */
export interface FailureContext {
  listener: string;
  [field: string]: unknown;
}

export async function withErrorBoundary(
  logger: Logger,
  context: FailureContext,
  work: () => Promise<void>,
  tellThePerson: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error({ evt: 'slack.listener.failed', err: error, ...context }, `Slack ${context.listener} listener failed`);
    try {
      await tellThePerson();
    } catch (secondError) {
      // Usually the same outage that caused the first failure; the first log line already says why.
      logger.warn(
        { evt: 'slack.listener.apology_failed', err: secondError, ...context },
        'could not tell the person that answering failed',
      );
    }
  }
}

export function registerAppErrorHandler(app: App, logger: Logger): void {
  app.error(async (error) => {
    logger.error({ evt: 'slack.app.error', err: error, code: error.code }, 'Slack app error');
  });
}
