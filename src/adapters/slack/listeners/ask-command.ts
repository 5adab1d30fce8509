// `/ask <question>`: the answer is posted in the channel for everyone, under the name of the person
// who asked. It goes through the command's response_url (response_type in_channel) rather than
// chat.postMessage: that works in private channels and DMs the bot is not a member of, needs no
// chat:write.public scope, and Slack shows the reply as the answer to that person's command.
// An empty question gets a usage hint only the asker sees.
import type { App } from '@slack/bolt';
import { MESSAGES } from '../messages.js';
import { renderAnswer, renderNotice } from '../render.js';
import { respondWith } from '../replies.js';
import { registerAnsweredCommand } from './command-admission.js';
import type { ListenerDeps } from './listener-deps.js';

export const ASK_COMMAND = '/ask';

export function registerAskCommand(app: App, deps: ListenerDeps): void {
  const { engine } = deps;
  registerAnsweredCommand(app, deps, ASK_COMMAND, async (admitted, respond) => {
    const question = admitted.text;
    if (question === '') {
      // The example comes from the knowledge, so it is always a question the bot can answer.
      const example = engine.help().suggestions[0]?.question ?? MESSAGES.defaultExampleQuestion;
      await respondWith(respond, 'ephemeral', renderNotice(MESSAGES.askUsage(example)));
      return;
    }
    const answer = engine.answer(question);
    await respondWith(respond, 'in_channel', renderAnswer(answer, { askedBy: admitted.user }));
  });
}
