// The loopback server of the benchmarks, in its own process so its work never competes with the client
// being measured. Prints {"port": N} on its first line; exits when its stdin closes (the bench ended).
import { startTestServer } from '../test/support/servers';
import { benchOrder } from './order';

const ORDER = benchOrder('');

async function main(): Promise<void> {
  const server = await startTestServer((req, res, body, url) => {
    // GET /bench/orders/<id>: a realistic ~1.5 KB order. POST /bench/orders: {id, created} back.
    // ?delay_ms=N answers after N ms, like a real API would.
    if (!url.pathname.startsWith('/bench/orders')) return false;
    const answer = () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      if (req.method === 'POST') res.end(JSON.stringify({ id: 'ORD-NEW', created: true, received: body.length }));
      else res.end(JSON.stringify({ ...ORDER, id: url.pathname.split('/')[3] ?? '' }));
    };
    const delay = Number(url.searchParams.get('delay_ms') ?? 0);
    if (delay > 0) setTimeout(answer, delay);
    else answer();
    return true;
  });
  // The recorder would grow without bound under load: the bench does not need it.
  server.requests.push = () => 0;
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

void main();
