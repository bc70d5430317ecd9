// adminReadsBody: when Node-RED's admin app (mounted before the HTTP nodes, with its own JSON body
// parser) also receives the webhook's requests, the raw body is gone before relais-agent-events sees
// it and an HMAC cannot be checked. Found by bench/webhook.bench.ts in a real Node-RED (stock settings
// refused every signed delivery with missing_signature; httpAdminRoot "/admin" fixed it).
import { adminReadsBody } from '../../../nodes/node-red/lib/routes';

describe('adminReadsBody', () => {
  it('is true with Node-RED defaults (both roots "/") and when the admin root is "/" under any node root', () => {
    expect(adminReadsBody({}, '/relais/agent')).toBe(true);
    expect(adminReadsBody({ httpAdminRoot: '/', httpNodeRoot: '/' }, '/relais/agent')).toBe(true);
    expect(adminReadsBody({ httpAdminRoot: '/', httpNodeRoot: '/api' }, 'relais/agent')).toBe(true);
  });

  it('is true when the admin root is a path prefix of the webhook URL', () => {
    expect(adminReadsBody({ httpAdminRoot: '/hooks', httpNodeRoot: '/hooks/' }, '/agent')).toBe(true);
    expect(adminReadsBody({ httpAdminRoot: '/api/relais', httpNodeRoot: '/api' }, '/relais')).toBe(true);
  });

  it('is false when the admin app lives elsewhere or is off', () => {
    expect(adminReadsBody({ httpAdminRoot: '/admin', httpNodeRoot: '/' }, '/relais/agent')).toBe(false);
    expect(adminReadsBody({ httpAdminRoot: '/admin', httpNodeRoot: '/api' }, '/relais/agent')).toBe(false);
    // A shared prefix that is not a whole path segment does not count.
    expect(adminReadsBody({ httpAdminRoot: '/api', httpNodeRoot: '/apiv2' }, '/relais')).toBe(false);
    expect(adminReadsBody({ httpAdminRoot: false, httpNodeRoot: '/' }, '/relais/agent')).toBe(false);
  });
});
