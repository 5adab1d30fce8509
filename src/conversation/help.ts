// The one help text. What footnote knows is said once, in the knowledge pack's own words
// (knowledge/pack.yaml: `help`, and `examples` as the engine's help suggestions); each surface only
// adds its own commands — the console its slash commands, the CLI its subcommands. Slack and
// Discord show the engine's help, their commands being listed by the platform itself.
import type { Pack } from '../engine/knowledge.js';

/** "footnote — <what the pack says it does>", then the surface's commands. */
export function introduction(pack: Pick<Pack, 'help'>, commands: string): string {
  return `footnote — ${pack.help}\n${commands}`;
}
