/** Calls the tab API over real HTTP, as the tab does. */
export interface ApiAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
}

export async function callApi(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; cookie?: string; body?: unknown; language?: string } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.language) headers['accept-language'] = options.language;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body };
}

/** Signs in with the development sign-in as this demo person; returns the Cookie header to send. */
export async function devSignIn(baseUrl: string, aadObjectId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId }) });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}
