// POST a JSON body to a running n8n's webhook as the agent platform would, and read the answer back
// (parsed when it is JSON, with how long it took).
export interface Reply {
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

export async function postJson(url: string, raw: string, headers: Record<string, string> = {}): Promise<Reply> {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, ms: Date.now() - started };
}
