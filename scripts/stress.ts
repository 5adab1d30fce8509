// `npm run stress`: one bounded run of everything issue #6 asks to be measured, ending in a
// one-screen summary. Loopback only (127.0.0.1); exits non-zero when any check fails.
//
//   (a)+(b) load: `footnote serve` as in production (node dist/cli.js, Slack over HTTP and Discord in
//           one process), 1,000 signed Slack requests and 1,000 Discord interactions sent at once;
//           every reply matched to its request: lost, doubled, stray, live mentions, source links;
//           p50/p99 from request sent to reply received; the bot's RSS before and after.
//   (c)     soak: 50,000 questions through engine.answer() in a child process; heap (after GC) and
//           RSS at start and end, latency of the first and the last 5,000.
//   (d)     faults: Slack Web API 429 + Retry-After, 500 every time, a hang (once, and on every
//           attempt); response_url 429 and hang; Discord gateway drop, op 7 reconnect, invalidated
//           session; knowledge folder unreadable during hot reload (a second bot on a temp copy).
//
// Each request comes from its own user and the bot runs with RATE_LIMIT_BURST very high, so the
// per-user rate limit never shapes the load figures.
//
//   npx tsx scripts/stress.ts [--slack 1000] [--discord 1000] [--soak 50000] [--no-slow]
//
// --no-slow skips the one-minute "hang on every attempt" probe. dist/ is rebuilt first if stale.
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import Database from 'libsql';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/config.js';
import { loadEngine } from '../src/engine/engine.js';
import { FakeDiscord } from '../tests/fakes/discord/fake-discord.js';
import { FakeSlack } from '../tests/fakes/slack/fake-slack.js';
import { ensureBuilt, startServeBot, type ServeBot } from './stress/bot-process.js';
import { DISCORD_HOSTILE, mb, ms, processCpuMs, questionPool, SLACK_HOSTILE } from './stress/common.js';
import { runDiscordLoad } from './stress/discord-load.js';
import {
  discordGatewayFault,
  knowledgeUnreadable,
  slackHangAlways,
  slackHangOnce,
  slackRateLimited,
  slackResponseUrlFault,
  slackServerError,
  type SlackTarget,
} from './stress/faults.js';
import { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET } from './stress/in-process.js';
import { runSlackLoad, type LoadResult } from './stress/slack-load.js';
import { runSoak, type SoakResult } from './stress/soak.js';

const scriptPath = fileURLToPath(import.meta.url);
/** The whole run is bounded: past this, every child is killed and the run fails. */
const RUN_LIMIT_MS = 240_000;
const { values } = parseArgs({
  options: {
    slack: { type: 'string', default: '1000' },
    discord: { type: 'string', default: '1000' },
    soak: { type: 'string', default: '50000' },
    'no-slow': { type: 'boolean', default: false },
    'soak-child': { type: 'boolean', default: false },
  },
});

// ---- child mode: the soak, alone in its process so its memory figures are its own ----
if (values['soak-child']) {
  const result = await runSoak({ knowledgeDir: DEFAULT_KNOWLEDGE_DIR, total: Number(values.soak) });
  process.send?.(result, () => process.exit(0));
} else {
  process.exitCode = await main();
}

function runSoakChild(total: number): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    const child = fork(scriptPath, ['--soak-child', '--soak', String(total)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as SoakResult));
    child.once('exit', (code) => reject(new Error(`soak process exited with ${code} before reporting`)));
  });
}

interface Check {
  label: string;
  detail: string;
  ok: boolean;
  /** An adapter limitation worth reporting; does not fail the run. */
  note?: boolean;
}

async function main(): Promise<number> {
  const runStarted = performance.now();
  const bots: ServeBot[] = [];
  const watchdog = setTimeout(() => {
    process.stderr.write(`stress: still running after ${RUN_LIMIT_MS / 1000} s; killing the bots and failing\n`);
    for (const b of bots) b.child.kill('SIGKILL');
    process.exit(1);
  }, RUN_LIMIT_MS);
  watchdog.unref();
  const slackCount = Number(values.slack);
  const discordCount = Number(values.discord);
  const soakCount = Number(values.soak);
  const checks: Check[] = [];
  const check = (label: string, ok: boolean, detail: string, note = false): void => {
    checks.push({ label, ok, detail, note });
  };
  const progress = (text: string): void => {
    process.stderr.write(`[${((performance.now() - runStarted) / 1000).toFixed(1).padStart(5)} s] ${text}\n`);
  };

  progress(`build: ${ensureBuilt()}`);
  const engine = await loadEngine(DEFAULT_KNOWLEDGE_DIR);
  const slackPool = questionPool(engine, SLACK_HOSTILE);
  const discordPool = questionPool(engine, DISCORD_HOSTILE);

  const fakeSlack = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN, waitTimeoutMs: 30_000 });
  const fakeDiscord = await FakeDiscord.start();
  // The load bot records, as a production bot does; the file is kept so `footnote report` can read it.
  const database = path.join(tmpdir(), 'footnote-stress.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  let knowledgeCopy: string | undefined;
  let fakeSlack2: FakeSlack | undefined;
  const env = {
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: fakeSlack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${database}`,
    ...fakeDiscord.env(),
    LOG_LEVEL: 'info',
    KNOWLEDGE_RELOAD_MS: '0',
    RATE_LIMIT_BURST: '1000000',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };

  try {
    // ---- (a) + (b): load ----
    // The inspector (loopback, random port) only lets the run read the bot's heap after a full GC.
    const bot = await startServeBot(env, { inspect: true });
    bots.push(bot);
    if (bot.slackPort === null) throw new Error('the bot did not report its Slack HTTP port');
    const target: SlackTarget = { fake: fakeSlack, eventsUrl: `http://127.0.0.1:${bot.slackPort}/slack/events`, signingSecret: SLACK_SIGNING_SECRET, logs: bot.logs };
    progress(`bot up (pid ${bot.pid}, Slack on :${bot.slackPort}); warming up`);
    await Promise.all([
      runSlackLoad({ ...target, count: 50, pool: slackPool, tag: 'WARM', concurrency: 10 }),
      runDiscordLoad({ fake: fakeDiscord, count: 50, pool: discordPool, concurrency: 10 }),
    ]);
    const memBefore = bot.memory();
    const heapBefore = await bot.heapAfterGc();
    const logsBeforeLoad = bot.logs.entries.length;
    const loadRound = async (tag: string) => {
      const cpuStart = processCpuMs(bot.pid);
      const [slackResult, discordResult] = await Promise.all([
        runSlackLoad({ ...target, count: slackCount, pool: slackPool, tag, timeoutMs: 90_000, settleMs: 500 }),
        runDiscordLoad({ fake: fakeDiscord, count: discordCount, pool: discordPool, timeoutMs: 90_000, settleMs: 500 }),
      ]);
      const cpuMs = (processCpuMs(bot.pid) ?? Number.NaN) - (cpuStart ?? Number.NaN);
      const memory = bot.memory();
      return { slack: slackResult, discord: discordResult, cpuMs, memory, heap: await bot.heapAfterGc() };
    };
    progress(`load: ${slackCount} Slack + ${discordCount} Discord at once`);
    const round1 = await loadRound('LOADA');
    progress(`load done: Slack ${round1.slack.answered}/${round1.slack.sent}, Discord ${round1.discord.answered}/${round1.discord.sent}; second round (memory plateau)`);
    const round2 = await loadRound('LOADB');
    const { slack, discord } = round1;
    const memAfter = round1.memory;
    const memAfter2 = round2.memory;
    const loadErrors = bot.logs.errors(logsBeforeLoad);

    // ---- (d): faults ----
    // The slow probes run in the background while the rest proceeds; they only wait.
    const hangAlways = values['no-slow'] ? null : slackHangAlways(target, 150_000);
    const responseHang = slackResponseUrlFault(target, { kind: 'hang' }, 12_000);
    progress('faults: Slack 429');
    const rateLimited = await slackRateLimited(target, 1);
    progress('faults: Slack 500');
    const serverError = await slackServerError(target);
    progress('faults: Slack hang (first attempt)');
    const hangOnce = await slackHangOnce(target);
    progress('faults: response_url 429');
    const response429 = await slackResponseUrlFault(target, { kind: 'rate-limited', retryAfterSec: 1 }, 3_000);
    progress('faults: Discord gateway');
    const drop = await discordGatewayFault(fakeDiscord, 'drop');
    const reconnect = await discordGatewayFault(fakeDiscord, 'reconnect');
    const invalidate = await discordGatewayFault(fakeDiscord, 'invalidate');

    progress('faults: knowledge folder unreadable during hot reload (second bot)');
    knowledgeCopy = await mkdtemp(path.join(tmpdir(), 'footnote-stress-'));
    const knowledgeDir = path.join(knowledgeCopy, 'knowledge');
    await cp(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
    fakeSlack2 = await FakeSlack.start({ botToken: SLACK_BOT_TOKEN, waitTimeoutMs: 30_000 });
    const reloadBot = await startServeBot({
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: fakeSlack2.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledgeDir,
      KNOWLEDGE_RELOAD_MS: '50',
      RATE_LIMIT_BURST: '1000000',
    });
    bots.push(reloadBot);
    const probe = engine.answer('What did Amazon invest?');
    const knowledge = await knowledgeUnreadable(
      { fake: fakeSlack2, eventsUrl: `http://127.0.0.1:${reloadBot.slackPort}/slack/events`, signingSecret: SLACK_SIGNING_SECRET, logs: reloadBot.logs },
      knowledgeDir,
      { question: 'What did Amazon invest?', expectedUrl: probe.sources[0]?.url ?? 'https://' },
    );

    // ---- (c): soak (in its own process; the background probes only wait meanwhile) ----
    progress(`soak: ${soakCount} questions through the engine`);
    const soak = await runSoakChild(soakCount);
    const respondHang = await responseHang;
    if (hangAlways !== null) progress('waiting for the "hang on every attempt" probe to finish');
    const always = hangAlways === null ? null : await hangAlways;

    // ---- crashes: every bot still up, then a clean SIGTERM exit ----
    const aliveBeforeStop = bots.map((b) => b.alive());
    const fatal = bots.flatMap((b) => b.logs.entries.filter((line) => (line.level ?? 0) >= 60));
    const exitCodes: (number | null)[] = [];
    for (const b of bots) exitCodes.push(await b.stop());
    bots.length = 0;
    const crashes = aliveBeforeStop.filter((alive) => !alive).length + exitCodes.filter((code) => code !== 0).length + fatal.length + soak.thrown.length;

    // ---- checks ----
    const loadLine = (r: LoadResult): string =>
      `answered ${r.answered}/${r.sent}  lost ${r.lost}  dup ${r.duplicates}  stray ${r.stray}  rejected ${r.rejected}  live ${r.liveMentions}  no-source ${r.missingSource}`;
    const loadOk = (r: LoadResult): boolean => r.lost === 0 && r.duplicates === 0 && r.stray === 0 && r.rejected === 0 && r.liveMentions === 0 && r.missingSource === 0;
    check('Slack HTTP load', loadOk(slack) && loadOk(round2.slack), loadLine(slack));
    check('Discord load', loadOk(discord) && loadOk(round2.discord), loadLine(discord));
    check('errors logged under load', loadErrors.length === 0, `${loadErrors.length}${loadErrors[0] ? ` (first: ${String(loadErrors[0].msg)})` : ''}`);

    const drift = soak.last.p50 / soak.first.p50;
    const heapGrowth = soak.heapEnd - soak.heapStart;
    check('soak latency drift', soak.thrown.length === 0 && soak.last.p99 <= soak.first.p99 * 2 + 0.5 && drift <= 1.5, `last/first p50 ×${drift.toFixed(2)}`);
    check('soak memory', heapGrowth < 10 * 1024 * 1024, `heap ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}${soak.gcAvailable ? ' after GC' : ' (no GC available)'}`);

    check(
      'Slack 429 + Retry-After',
      rateLimited.deliveries === 1 && rateLimited.waitedMs >= rateLimited.retryAfterSec * 1000,
      `attempts ${rateLimited.attempts.join('→')}, retried after ${ms(rateLimited.waitedMs)} (Retry-After ${rateLimited.retryAfterSec} s), delivered ${rateLimited.deliveries}×`,
    );
    check(
      'Slack 500 on every attempt',
      serverError.logged && serverError.attemptsAfterGivingUp === 0 && serverError.answerAttempts <= 3 && serverError.nextAnsweredMs !== null,
      `${serverError.answerAttempts} answer + ${serverError.apologyAttempts} apology attempts, then none (${serverError.attemptsAfterGivingUp} more); logged ${serverError.logged}; next answered in ${ms(serverError.nextAnsweredMs ?? Number.NaN)}`,
    );
    check(
      'Slack Web API hang (once)',
      hangOnce.deliveries === 1 && hangOnce.otherAnsweredMs !== null && hangOnce.otherAnsweredMs < 2_000,
      `given up after ${(hangOnce.abandonedAfterMs / 1000).toFixed(1)} s, retried, delivered 1× at ${(hangOnce.deliveredAfterMs / 1000).toFixed(1)} s; meanwhile another answered in ${ms(hangOnce.otherAnsweredMs ?? Number.NaN)}`,
    );
    if (always !== null) {
      check(
        'Slack Web API hang (always)',
        always.stillOpen === 0,
        `${always.attempts} attempts (answer + apology), bot let go after ${(always.gaveUpAfterMs / 1000).toFixed(1)} s, ${always.stillOpen} left open`,
      );
    }
    check(
      'response_url 429',
      response429.answerDelivered,
      `attempts ${response429.attempts.join('→')}; answer ${response429.answerDelivered ? 'delivered' : 'NOT delivered'}${response429.apologyDelivered ? ', apology shown' : ''}${response429.answerDelivered ? '' : ' — the response_url fetch did not retry'}`,
      !response429.answerDelivered,
    );
    check(
      'response_url hang',
      respondHang.abandoned,
      respondHang.abandoned ? 'abandoned by the bot' : `still open after ${(respondHang.observedMs / 1000).toFixed(0)} s — Bolt respond() has no timeout`,
      !respondHang.abandoned,
    );
    const gatewayLine = (r: typeof drop): string =>
      `${r.how === 'none' ? 'NOT recovered' : r.how === 'resume' ? `resumed (replayed ${r.replayed})` : 're-identified'} in ${ms(r.recoveryMs)}; ${r.duringOutageMs !== null ? `mid-outage one answered in ${ms(r.duringOutageMs)}; ` : ''}next answered in ${ms(r.nextMs ?? Number.NaN)}${r.duplicates > 0 ? `; ${r.duplicates} answered TWICE` : ''}`;
    check('Discord gateway drop', drop.how === 'resume' && drop.duringOutageMs !== null && drop.nextMs !== null && drop.duplicates === 0, gatewayLine(drop));
    check('Discord op 7 reconnect', reconnect.how === 'resume' && reconnect.nextMs !== null && reconnect.duplicates === 0, gatewayLine(reconnect));
    check('Discord session invalidated', invalidate.how === 'identify' && invalidate.nextMs !== null && invalidate.duplicates === 0, gatewayLine(invalidate));
    check(
      'knowledge unreadable',
      knowledge.answeredBefore && knowledge.rejectionLogged && knowledge.answeredWhileUnreadable && knowledge.reloadedAfter && knowledge.answeredAfter,
      `answered before ${yes(knowledge.answeredBefore)}, rejection logged ${yes(knowledge.rejectionLogged)}, answered while unreadable ${yes(knowledge.answeredWhileUnreadable)}, reloaded ${yes(knowledge.reloadedAfter)}, answered after ${yes(knowledge.answeredAfter)}`,
    );
    check('crashes', crashes === 0, `${crashes} (bots alive ${aliveBeforeStop.join('/')}, exit codes ${exitCodes.join('/')}, fatal lines ${fatal.length}, engine throws ${soak.thrown.length})`);

    // ---- summary ----
    const failed = checks.filter((c) => !c.ok && !c.note);
    const notes = checks.filter((c) => !c.ok && c.note);
    const faultProbes = 16 + (always === null ? 0 : 1);
    const inputs = 2 * (slackCount + discordCount) + 100 + soakCount + faultProbes;
    const duplicates = [slack, discord, round2.slack, round2.discord].reduce((sum, r) => sum + r.duplicates + r.stray, 0) + Math.max(0, rateLimited.deliveries - 1) + Math.max(0, hangOnce.deliveries - 1) + drop.duplicates + reconnect.duplicates + invalidate.duplicates;
    const lost = slack.lost + discord.lost + round2.slack.lost + round2.discord.lost;
    const live = slack.liveMentions + discord.liveMentions + round2.slack.liveMentions + round2.discord.liveMentions;
    const out: string[] = [];
    out.push(`footnote stress — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}, ${((performance.now() - runStarted) / 1000).toFixed(0)} s`);
    out.push(`LOAD  one \`footnote serve\` (Slack HTTP + Discord), ${slackCount} Slack + ${discordCount} Discord sent at once, 1 user each`);
    out.push(`  Slack     ${Object.entries(slack.byKind).map(([k, n]) => `${n} ${k}`).join(', ')}: ${loadLine(slack)}`);
    out.push(`            p50 ${ms(slack.stats.p50)}  p99 ${ms(slack.stats.p99)}  max ${ms(slack.stats.max)}  (sent → reply at fake; all in ${(slack.elapsedMs / 1000).toFixed(1)} s)`);
    out.push(`  Discord   ${discordCount} /ask: ${loadLine(discord)}`);
    out.push(`            p50 ${ms(discord.stats.p50)}  p99 ${ms(discord.stats.p99)}  max ${ms(discord.stats.max)}  (dispatch → callback; all in ${(discord.elapsedMs / 1000).toFixed(1)} s)`);
    const both = slackCount + discordCount;
    const wall = Math.max(slack.elapsedMs, discord.elapsedMs);
    out.push(`  bot       ${((both / wall) * 1000).toFixed(0)} answers/s, CPU ${(round1.cpuMs / both).toFixed(2)} ms per answer; errors logged ${loadErrors.length}`);
    out.push(`  bot RSS   ${mb(memBefore?.rss ?? Number.NaN)} before → ${mb(memAfter?.rss ?? Number.NaN)} after (peak ${mb(memAfter?.peak ?? Number.NaN)}) → ${mb(memAfter2?.rss ?? Number.NaN)} after an identical 2nd round (${round2.slack.answered + round2.discord.answered}/${both} answered once, p99 ${ms(round2.slack.stats.p99)} / ${ms(round2.discord.stats.p99)})`);
    const heapMb = (heap: { used: number } | null): string => (heap === null ? 'n/a' : mb(heap.used));
    out.push(`  bot heap  after full GC: ${heapMb(heapBefore)} before → ${heapMb(round1.heap)} after 1st round → ${heapMb(round2.heap)} after 2nd`);
    out.push(`SOAK  ${soak.total} engine.answer() in one process (${(soak.elapsedMs / 1000).toFixed(1)} s; ${Object.entries(soak.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`);
    out.push(`  latency   first ${soak.window}: p50 ${ms(soak.first.p50)} p99 ${ms(soak.first.p99)}  |  last ${soak.window}: p50 ${ms(soak.last.p50)} p99 ${ms(soak.last.p99)}  (×${drift.toFixed(2)})`);
    out.push(`  memory    heap ${mb(soak.heapStart)} → ${mb(soak.heapEnd)} (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}), RSS ${mb(soak.rssStart)} → ${mb(soak.rssEnd)}; heap per 10%: ${soak.heapSamples.map((b) => (b / 1024 / 1024).toFixed(1)).join(' ')}`);
    out.push('FAULTS');
    for (const c of checks.slice(5)) {
      if (c.label === 'crashes') continue;
      out.push(`  ${(c.ok ? 'ok  ' : c.note ? 'NOTE' : 'FAIL')} ${c.label.padEnd(28)} ${c.detail}`);
    }
    out.push(
      `TOTAL inputs ${inputs}  crashes ${crashes}  duplicate replies ${duplicates}  lost replies ${lost}  live mentions ${live}  ` +
        `p99 Slack ${ms(slack.stats.p99)} / Discord ${ms(discord.stats.p99)}  drift: bot heap ${signedMb((round1.heap?.used ?? 0) - (heapBefore?.used ?? 0))} 1st round, ${signedMb((round2.heap?.used ?? 0) - (round1.heap?.used ?? 0))} 2nd, soak heap ${signedMb(heapGrowth)}, p50 ×${drift.toFixed(2)}`,
    );
    for (const c of failed.filter((f) => checks.indexOf(f) < 5)) out.push(`FAIL  ${c.label}: ${c.detail}`);
    for (const c of [slack, discord, round2.slack, round2.discord]) for (const example of c.liveExamples) out.push(`  live mention: ${example}`);
    const recorded = new Database(database, { readonly: true });
    const [[questions = 0, feedback = 0] = []] = recorded.prepare('SELECT (SELECT count(*) FROM questions), (SELECT count(*) FROM feedback)').raw(true).all() as number[][];
    recorded.close();
    out.push(`RECORDED ${questions} questions, ${feedback} feedback clicks in ${database}: DATABASE_URL=sqlite:${database} npx footnote report [--html report.html]`);
    out.push(`RESULT ${failed.length === 0 ? 'PASS' : `FAIL (${failed.map((c) => c.label).join(', ')})`}${notes.length > 0 ? `; ${notes.length} adapter note(s): ${notes.map((c) => c.label).join(', ')}` : ''}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    for (const b of bots) await b.stop().catch(() => null);
    await fakeSlack.close();
    await fakeDiscord.close();
    await fakeSlack2?.close();
    if (knowledgeCopy !== undefined) await rm(knowledgeCopy, { recursive: true, force: true });
  }
}

function yes(value: boolean): string {
  return value ? 'yes' : 'NO';
}

function signedMb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;
}
