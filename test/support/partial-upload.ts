// A sender that announces a body and never finishes it (a slow upload): sends the request head and
// the first bytes, then waits; resolves with the status the server answers and how long it took.
import { connect } from 'node:net';

export function partialUpload(url: string, headers: Record<string, string>, declaredBytes = 100_000): Promise<{ status: number; ms: number }> {
  const { hostname, port, pathname } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = [`POST ${pathname} HTTP/1.1`, `host: ${hostname}`, 'content-type: application/json', `content-length: ${declaredBytes}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${head.join('\r\n')}\r\n\r\n{"botId":"b","data":`);
    });
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match) {
        resolve({ status: Number(match[1]), ms: Date.now() - started });
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}
