import type { Conversation } from '../../../conversation/conversation.js';
import type { Logger } from '../../../logger.js';

/** What every listener gets: the conversation layer to hand questions to, and the logger. */
export interface ListenerDeps {
  conversation: Conversation;
  logger: Logger;
}
