// The part of autocannon 9's programmatic API that bench/ uses (the package ships no types).
declare module 'autocannon' {
  interface RequestContext {
    [key: string]: unknown;
  }

  interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  interface Request extends RequestSpec {
    /** Called before each request is sent; returning a falsy value skips it. */
    setupRequest?: ((request: RequestSpec, context: RequestContext) => RequestSpec | undefined) | string;
    onResponse?: (status: number, body: string, context: RequestContext, headers: Record<string, string>) => void;
  }

  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Stop after this many requests (in place of duration). */
    amount?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: Request[];
    /** Worker threads sending the load; with workers, every function option is the path of a module exporting it. */
    workers?: number;
    /** Called with each response body; a falsy answer counts as a mismatch. */
    verifyBody?: ((body: string) => boolean) | string;
  }

  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    total: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
    resets: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  }

  function autocannon(options: Options): Promise<Result>;
  export = autocannon;
}
