// A real Node-RED (packed tarball installed by npm, flows deployed through the admin API) started in
// French by its environment (LC_ALL=fr_FR.UTF-8, no `lang` in settings.js — the way Node-RED's own i18n
// reads it, @node-red/util/lib/i18n.js): the runtime speaks French, and so do the Relais errors on
// msg.error (failure output) and on a Catch node's msg.error; the codes stay the same.
import { relaisTarball } from '../../support/tarball';
import { startNodeRed, type NodeRed } from '../../support/node-red';
import { startTestServer, type TestServer } from '../../support/servers';
import { endpoint, tab } from './endpoints';

describe('Relais errors in a Node-RED started in French by its environment', () => {
  let red: NodeRed;
  let api: TestServer;

  beforeAll(async () => {
    [red, api] = await Promise.all([
      startNodeRed({ tarball: relaisTarball(), env: { LC_ALL: 'fr_FR.UTF-8' } }),
      startTestServer((_req, res) => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'order not found' }));
        return true;
      }),
    ]);
    const action = {
      type: 'relais-http-request',
      http_method: 'GET',
      url: `${api.origin}/orders/{{order_number}}`,
      variables: [{ name: 'order_number', type: 'integer', description: 'order number', example: '1001', required: true, default: '' }],
      content_type: 'json',
      timeout_seconds: '5',
      allow_http: true,
      allow_private_network: true,
    };
    await red.deploy([
      tab(),
      ...endpoint('/fr/order', { id: 'fr.http', ...action, outputs: 2 }),
      { id: 'fr.catchable.in', type: 'http in', z: 'e2e.tab', url: '/fr/catchable', method: 'post', wires: [['fr.catchable']] },
      { id: 'fr.catchable', z: 'e2e.tab', ...action, wires: [['fr.catchable.out'], []] },
      { id: 'fr.catch', type: 'catch', z: 'e2e.tab', scope: ['fr.catchable'], uncaught: false, wires: [['fr.catch.shape']] },
      { id: 'fr.catch.shape', type: 'function', z: 'e2e.tab', outputs: 1, func: 'msg.statusCode = 500;\nmsg.payload = { caught: msg.error };\nreturn msg;', wires: [['fr.catchable.out']] },
      { id: 'fr.catchable.out', type: 'http response', z: 'e2e.tab', statusCode: '', headers: {}, wires: [] },
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([red?.stop(), api?.close()]);
  });

  it('the runtime itself speaks French (its own log)', () => {
    expect(red.logs()).toMatch(/Démarrage des flux|Flux démarrés/);
  });

  it('puts the French message, issues and fallback line on msg.error', async () => {
    const reply = await red.http('POST', '/fr/order', { order_number: 'douze' });
    expect(reply.status).toBe(502);
    const error = (reply.json as { error: { code: string; message: string; fallback: string; issues: Array<{ path: string; message: string }> } }).error;
    expect(error.code).toBe('invalid_variable');
    expect(error.message).toBe("La variable order_number doit être un nombre entier comme 42 (exemple : 1001) ; la valeur donnée n'est pas de type integer.");
    expect(error.issues).toEqual([{ path: 'variables.order_number', message: error.message }]);
    expect(error.fallback).toBe("Une des informations fournies n'est pas au format attendu.");
    expect(api.requests).toHaveLength(0);
  });

  it('gives a Catch node the French message, with the same code', async () => {
    const reply = await red.http('POST', '/fr/catchable', { order_number: '404' });
    expect(reply.status).toBe(500);
    const caught = (reply.json as { caught: { message: string; code: string } }).caught;
    expect(caught.code).toBe('http_404');
    expect(caught.message).toBe(`RelaisError: HTTP 404 Not Found de ${new URL(api.origin).host} : la ressource n'existe pas — vérifiez les identifiants envoyés. Le service a répondu : "order not found"`);
  });
});
