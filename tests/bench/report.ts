// Prints one run's result as a table (the JSON holds everything, this is the part people read).
import { table } from './stats';

type Latency = { p50: number | null; p90: number | null; p99: number | null; max: number | null };
type Metrics = {
  cpuPercentOfOneCore: { server: number | null; mongo: number | null };
  serverRssMb: { start: number | null; sampledPeak: number | null; end: number | null };
};

const ms = (l: Latency | undefined) => (l ? `${l.p50} / ${l.p90} / ${l.p99} ms (max ${l.max})` : 'n/a');
const cpuMem = (m: Metrics) =>
  `CPU ${m.cpuPercentOfOneCore.server ?? 'n/a'}% server + ${m.cpuPercentOfOneCore.mongo ?? 'n/a'}% database; RSS peak ${m.serverRssMb.sampledPeak} MB`;

export function printReport(r: Record<string, any>): void {
  const rows: [string, unknown][] = [];
  const ceiling = r.expressCeiling;
  if (ceiling) {
    rows.push(['Express 5 hello world (ceiling)', `${ceiling.requestsPerSecond} req/s, p50/p90/p99 ${ms(ceiling.latencyMs)}`]);
  }
  const ratio = (perSecond: number) =>
    ceiling?.requestsPerSecond ? `${((perSecond / ceiling.requestsPerSecond) * 100).toFixed(2)}% of the Express ceiling` : '';
  if (r.simulator) {
    const s = r.simulator;
    rows.push([
      'simulator: conversations/s, messages/s',
      `${s.conversationsPerSecond}, ${s.messagesPerSecond} (${ratio(s.conversationsPerSecond)})`,
    ]);
    rows.push(['simulator: request latency p50/p90/p99', ms(s.latencyMs)]);
    rows.push(['simulator: DB round trips / conversation', s.dbRoundTripsPerConversation]);
    rows.push(['simulator: server', cpuMem(s.metrics)]);
    rows.push(['simulator: errors', `${s.errors} of ${s.conversations}`]);
  }
  if (r.twilio) {
    const t = r.twilio;
    rows.push([
      'Twilio path: conversations/s, messages/s',
      `${t.conversationsPerSecond}, ${t.messagesPerSecond} (${ratio(t.conversationsPerSecond)})`,
    ]);
    rows.push(['Twilio path: inbound -> 1st provider call', ms(t.latencyToFirstReplyMs)]);
    rows.push(['Twilio path: inbound -> last provider call', ms(t.latencyToLastReplyMs)]);
    rows.push(['Twilio path: DB round trips / conversation', t.dbRoundTripsPerConversation]);
    rows.push(['Twilio path: server', cpuMem(t.metrics)]);
    rows.push(['Twilio path: errors', `${t.errors} of ${t.conversations}`]);
  }
  if (r.idleDbRoundTripsPerSecond !== undefined) rows.push(['DB round trips/s while idle', r.idleDbRoundTripsPerSecond]);
  if (r.waits) {
    const w = r.waits;
    rows.push([
      'waits: parked',
      `${w.parked} of ${w.contacts} in ${w.parkSeconds} s (${w.parkPerSecond}/s, ${w.parking.dbRoundTripsPerConversation} DB round trips each)`,
    ]);
    rows.push(['waits: due spread, first due after parking', `${w.dueSpreadSeconds} s, ${w.firstDueAfterParkingSeconds} s`]);
    rows.push(['waits: SIGKILL at', `${w.killedWith.due} due, ${w.killedWith.woken} woken; down ${w.killedWith.downMs} ms`]);
    rows.push(['waits: due while up, lag p50/p90/p99', `${ms(w.lagWhileUpMs)}; ${w.killedWith.dueBeforeAndWokenAfter} of them due before the kill, woken after`]);
    rows.push(['waits: due while down, lag from the restart', `${ms(w.lagAfterRestartMs)} (${w.killedWith.dueWhileDown} waits)`]);
    rows.push(['waits: wake-up lag p50/p90/p99, all', ms(w.lagMs)]);
    rows.push(['waits: woken / lost / woken twice', `${w.woken} / ${w.lost} / ${w.wokenTwice}`]);
    rows.push(['waits: server while waking', cpuMem(w.wakeWindow)]);
  }
  rows.push(['in flight', r.concurrency]);
  rows.push(['machine: cpus, load avg 1m before/after', `${r.machine.cpus}, ${r.machine.loadAvg1mBefore} / ${r.machine.loadAvg1mAfter}`]);
  console.log('\n' + table(rows));
  for (const phase of ['simulator', 'twilio'])
    for (const sample of r[phase]?.errorSamples ?? []) console.log(`  ${phase} error: ${sample}`);
  if (r.twilio) {
    const top = Object.entries(r.twilio.dbRoundTripsPerConversationByCommand as Record<string, number>).slice(0, 12);
    console.log(`\nDB round trips per Twilio conversation, by command: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

/** The README's table for this run (printed at the end of every run, so the README is easy to keep current). */
export function markdownTable(r: Record<string, any>): string {
  const c = r.expressCeiling;
  const pct = (x: number) => (c?.requestsPerSecond ? `${((x / c.requestsPerSecond) * 100).toFixed(1)}%` : 'n/a');
  const cpu = (m: Metrics) => `${m.cpuPercentOfOneCore.server ?? 'n/a'}% + ${m.cpuPercentOfOneCore.mongo ?? 'n/a'}% db`;
  const lines = [
    '| path (50 in flight) | conversations/s | messages/s | p50 / p90 / p99 | server CPU (of one core) | server RSS peak | DB round trips / conversation | share of the Express ceiling |',
    '|---|---|---|---|---|---|---|---|',
  ];
  if (c)
    lines.push(
      `| Express 5 hello world (same run) | ${c.requestsPerSecond} req/s | | ${c.latencyMs.p50} / ${c.latencyMs.p90} / ${c.latencyMs.p99} ms | ${c.serverCpuPercentOfOneCore}% | | | 100% |`,
    );
  const t = r.twilio;
  if (t) {
    const l = t.latencyToLastReplyMs;
    lines.push(
      `| Botloom, Twilio webhooks (to the last reply) | ${t.conversationsPerSecond} | ${t.messagesPerSecond} | ${l.p50} / ${l.p90} / ${l.p99} ms | ${cpu(t.metrics)} | ${t.metrics.serverRssMb.sampledPeak} MB | ${t.dbRoundTripsPerConversation} | ${pct(t.conversationsPerSecond)} |`,
    );
  }
  const s = r.simulator;
  if (s) {
    const l = s.latencyMs;
    lines.push(
      `| Botloom, simulator | ${s.conversationsPerSecond} | ${s.messagesPerSecond} | ${l.p50} / ${l.p90} / ${l.p99} ms | ${cpu(s.metrics)} | ${s.metrics.serverRssMb.sampledPeak} MB | ${s.dbRoundTripsPerConversation} | ${pct(s.conversationsPerSecond)} |`,
    );
  }
  const w = r.waits;
  if (w) {
    lines.push(
      '',
      '| durable waits | parked | due over | wake-up lag p50 / p90 / p99 (max), due while up | due while down: lag from the restart p50 / p99 (max) | woken / lost / twice | down after SIGKILL |',
      '|---|---|---|---|---|---|---|',
    );
    const u = w.lagWhileUpMs;
    const d = w.lagAfterRestartMs;
    lines.push(
      `| ${w.contacts} conversations | ${w.parkPerSecond}/s, ${w.parking.dbRoundTripsPerConversation} DB round trips each | ${w.dueSpreadSeconds} s | ${u.p50} / ${u.p90} / ${u.p99} ms (${u.max} ms) | ${d.p50} / ${d.p99} ms (${d.max} ms), ${w.killedWith.dueWhileDown} waits | ${w.woken} / ${w.lost} / ${w.wokenTwice} | ${w.killedWith.downMs} ms |`,
    );
  }
  return lines.join('\n');
}
