// Realistic snowflakes (timestamp << 22 | counter). discord.js's REST router only treats 17–19
// digit ids as ids when bucketing, so short fake ids would change its rate-limit behaviour.
const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

export function snowflake(at: number = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter).toString();
}
