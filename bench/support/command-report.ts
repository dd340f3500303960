/** The benchmark's printed output: one table row per run, memory figures, and the machine-readable last line. */

export interface Measurement {
  readonly scenario: string;
  readonly database: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time the bot's process used per answered request. */
  readonly cpuMsPerRequest: number;
  readonly answered: number;
  readonly replies: number;
  readonly missing: number;
  readonly duplicated: number;
  readonly unexpected: number;
  /** Errors, timeouts and non-2xx answers, as autocannon counts them. */
  readonly failed: number;
  readonly notes: string;
}

export interface AppFigures {
  readonly readyMs: number;
  readonly idleRssMb: number;
  readonly peakRssMb: number;
  readonly sampledMaxRssMb: number;
}

export function passed(m: Measurement): boolean {
  return m.missing === 0 && m.duplicated === 0 && m.unexpected === 0 && m.failed === 0 && m.answered > 0;
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printTable(results: readonly Measurement[]): void {
  const header = ['scenario', 'database', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', '200s', 'replies', 'missing', 'dup', 'wrong', 'failed', 'notes'];
  const rows = results.map((m) => [
    m.scenario,
    m.database,
    m.rps.toFixed(1),
    String(m.p50),
    String(m.p99),
    m.cpuMsPerRequest.toFixed(2),
    String(m.answered),
    String(m.replies),
    String(m.missing),
    String(m.duplicated),
    String(m.unexpected),
    String(m.failed),
    m.notes,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i >= 2 && i <= 11 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  log('');
  log(line(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) log(line(row));
}

export function printMemory(echoPeakMb: number, embedded: AppFigures, reopened: AppFigures, onServer: AppFigures): void {
  const mb = (n: number) => `${Math.round(n)} MB`;
  log('');
  log(`echo bot peak RSS: ${mb(echoPeakMb)}`);
  for (const [name, f, loaded] of [
    ['app + PGlite, fresh folder', embedded, true],
    ['app + PGlite, reopened (idle)', reopened, false],
    ['app + PostgreSQL', onServer, true],
  ] as const) {
    const underLoad = loaded ? `, max sampled RSS ${mb(f.sampledMaxRssMb)}` : '';
    log(`${name}: ready in ${(f.readyMs / 1000).toFixed(1)} s, idle RSS ${mb(f.idleRssMb)}${underLoad}, peak (VmHWM) ${mb(f.peakRssMb)}`);
  }
}

/** The two app commands on one database as a 50/50 mix of traffic: mean time per request, inverted. */
function combined(results: readonly Measurement[], database: string) {
  const app = results.filter((m) => m.database === database && !m.scenario.includes('warm-up'));
  return {
    rps: app.length / app.reduce((sum, m) => sum + 1 / m.rps, 0),
    p50: Math.max(...app.map((m) => m.p50)),
    p99: Math.max(...app.map((m) => m.p99)),
    cpuMs: app.reduce((sum, m) => sum + m.cpuMsPerRequest, 0) / app.length,
  };
}

/**
 * Last line, for scripts: the app's two commands combined as a 50/50 mix of traffic, so rps is the
 * harmonic mean of the two scenarios' rates; p50 and p99 are the worse of the two. ratio is the mix's rps
 * on PGlite over the echo bot's, ratio_pg the same on PostgreSQL; p50, p99, rps and rss_mb are PGlite's.
 */
export function printSummary(echo: Measurement, results: readonly Measurement[], embedded: AppFigures): void {
  const pglite = combined(results, 'PGlite');
  const server = combined(results, 'PostgreSQL');
  log('');
  log(`combined: 50/50 mix of communautés and rejoindre, rps = harmonic mean, p50/p99 = worse of the two`);
  log(`PostgreSQL: rps=${server.rps.toFixed(1)} p50_ms=${server.p50} p99_ms=${server.p99}`);
  // Throughput swings with whatever else the machine runs; CPU time per request much less so.
  const cpuRatio = (cpuMs: number) => (echo.cpuMsPerRequest / cpuMs).toFixed(2);
  log(
    `CPU per request: echo ${echo.cpuMsPerRequest.toFixed(2)} ms, app on PGlite ${pglite.cpuMs.toFixed(2)} ms → cpu_ratio=${cpuRatio(pglite.cpuMs)}, ` +
      `app on PostgreSQL ${server.cpuMs.toFixed(2)} ms → cpu_ratio_pg=${cpuRatio(server.cpuMs)}`,
  );
  log(
    `ratio=${(pglite.rps / echo.rps).toFixed(2)} ratio_pg=${(server.rps / echo.rps).toFixed(2)} p50_ms=${pglite.p50} p99_ms=${pglite.p99} ` +
      `rps=${pglite.rps.toFixed(1)} rss_mb=${Math.round(embedded.peakRssMb)}`,
  );
}
