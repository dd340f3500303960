/**
 * bench:rsvp's check of each response, loaded by autocannon in its worker thread: an answer is a 200
 * HTTP response whose invoke status is 200 too (an error card comes back as HTTP 200 with another
 * statusCode). Failures are counted as autocannon's `mismatches`.
 */
function answered(body: string): boolean {
  try {
    return (JSON.parse(body) as { statusCode?: unknown }).statusCode === 200;
  } catch {
    return false;
  }
}

export = answered;
