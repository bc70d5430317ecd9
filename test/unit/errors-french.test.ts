// Every RelaisError a Node-RED user can see carries its message in French: this reads the source of
// src/ and nodes/node-red/ and fails on any `new RelaisError(…)` whose options give no `fr`, so a new
// site cannot forget it. Helpers that build errors from a message they are given take the French as a
// parameter too, so the type checker makes their callers give it. Then: who reads which language
// (hosts' users the French, models and programs the English), and real errors in French.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { hostError } from '../../src/adapter/outcome';
import { FALLBACK_LINES, RelaisError } from '../../src/errors';
import { checkAddress, metadataReason } from '../../src/http/address';
import { blockedReasonFr } from '../../src/http/blocked-fr';
import { failureResult } from '../../src/mcp/tools';
import { createConversationClient } from '../../src/conversation/client';
import { createRuntime } from '../../src/runtime';
import { resolveVariables } from '../../src/variables/resolve';
import { languageOf } from '../../nodes/node-red/lib/input';

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['src', 'nodes/node-red'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Site {
  where: string;
  french: boolean;
}

function givesFrench(options: ts.Expression | undefined): boolean {
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (property) => (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) && property.name.text === 'fr',
  );
}

function sitesIn(path: string): Site[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const sites: Site[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RelaisError') {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      sites.push({ where: `${relative(ROOT, path)}:${line}`, french: givesFrench(node.arguments?.[2]) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const sites = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(sitesIn);

describe('French error messages', () => {
  it('finds the RelaisError sites of the core and the Node-RED nodes', () => {
    // A scan that finds nothing proves nothing: the core has well over a hundred sites.
    expect(sites.length).toBeGreaterThan(120);
  });

  it('every `new RelaisError(…)` gives its French message (options.fr)', () => {
    expect(sites.filter((site) => !site.french).map((site) => site.where)).toEqual([]);
  });
});

const sample = () =>
  new RelaisError('invalid_variable', 'The variable email must be an email address.', {
    fr: 'La variable email doit être une adresse e-mail.',
    issues: [
      { path: 'variables.email', message: 'not an email', fr: "n'est pas un e-mail" },
      { path: 'variables.zip', message: 'zod said so' },
    ],
  });

describe('who reads which language', () => {
  it.each([
    ['fr', 'La variable email doit être une adresse e-mail.', "n'est pas un e-mail"],
    ['en', 'The variable email must be an email address.', 'not an email'],
  ] as const)('a host in %s gets the message and issues in its language (an issue without French keeps its English), and the fallback line', (language, message, issue) => {
    expect(hostError(sample(), language)).toEqual({
      code: 'invalid_variable',
      message,
      fallback: FALLBACK_LINES.invalid_variable[language],
      issues: [
        { path: 'variables.email', message: issue },
        { path: 'variables.zip', message: 'zod said so' },
      ],
    });
  });

  it('toJSON (CLI, MCP, n8n items, webhook replies) is the English form, without the French of the issues', () => {
    expect(JSON.stringify(sample().toJSON())).not.toMatch(/"fr"|adresse/);
    const mcp = failureResult(sample());
    expect(JSON.stringify(mcp)).not.toMatch(/"fr"|adresse|e-mail/);
    expect(mcp.content).toEqual([{ type: 'text', text: `The variable email must be an email address.\nFallback line for the customer: ${FALLBACK_LINES.invalid_variable.en}` }]);
  });

  it("a site's own customer line has its French too; without one, it stays as given", () => {
    const own = new RelaisError('store_error', 'Contact "c1" was not found.', { fr: 'Le contact "c1" est introuvable.', fallback: "I couldn't find that contact.", fallbackFr: 'Je ne trouve pas ce contact.' });
    expect(hostError(own, 'fr').fallback).toBe('Je ne trouve pas ce contact.');
    expect(hostError(own, 'en').fallback).toBe("I couldn't find that contact.");
    expect(own.toJSON().fallback).toBe("I couldn't find that contact.");
    expect(hostError(new RelaisError('timeout', 't', { fallback: 'Custom.' }), 'fr').fallback).toBe('Custom.');
    expect(hostError(new RelaisError('timeout', 't', { fallback: FALLBACK_LINES.timeout.en }), 'fr').fallback).toBe(FALLBACK_LINES.timeout.fr);
  });

  it('an error built without French shows its English to a French host', () => {
    expect(hostError(new RelaisError('timeout', 'Too slow.'), 'fr').message).toBe('Too slow.');
  });
});

describe('real errors in French', () => {
  it('a missing and a mistyped variable', () => {
    const definitions = [{ name: 'n', type: 'integer' as const, description: 'How many', required: true, example: '3' }];
    const missing = (() => {
      try {
        resolveVariables(definitions, {});
      } catch (error) {
        return error as RelaisError;
      }
    })();
    expect(missing?.fr).toBe('La variable n est obligatoire : How many (exemple : 3).');
    const mistyped = (() => {
      try {
        resolveVariables(definitions, { n: 'trois' });
      } catch (error) {
        return error as RelaisError;
      }
    })();
    expect(mistyped?.fr).toBe("La variable n doit être un nombre entier comme 42 (exemple : 3) ; la valeur donnée n'est pas de type integer.");
  });

  it('a refused connection, through the guarded transport to a closed local port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const runtime = createRuntime({ network: { allowed_hosts: [`127.0.0.1:${port}`] } });
    try {
      const error = await runtime.http.request({ method: 'GET', url: `http://127.0.0.1:${port}/x`, allow_http: true, timeout_ms: 5000 }).then(
        () => undefined,
        (thrown: RelaisError) => thrown,
      );
      expect(error?.code).toBe('connect_failed');
      expect(error?.fr).toBe(`Impossible de joindre 127.0.0.1:${port} : la connexion a été refusée.`);
    } finally {
      await runtime.close();
    }
  });

  it("a request the agent platform would refuse: zod's French locale for its checks, the schema's own messages from their table", async () => {
    const client = createConversationClient({ base_url: 'https://api.example.com', bot_id: 'bot-1', api_key: 'key-SECRET-1' });
    const error = await client.message('conv-1', { text: 'Yes', cardIndex: -1 }).then(
      () => undefined,
      (thrown: RelaisError) => thrown,
    );
    expect(error?.code).toBe('conversation_error');
    expect(error?.issues).toEqual([{ path: 'cardIndex', message: expect.stringMatching(/Too small/), fr: expect.stringMatching(/^Trop petit/) }]);
    expect(error?.fr).toMatch(/^La requête message n'est pas valide : cardIndex : Trop petit/);
    const empty = await client.metadata('conv-1', undefined as never).then(
      () => undefined,
      (thrown: RelaisError) => thrown,
    );
    expect(empty?.fr).toBeDefined();
    expect(empty?.fr).not.toBe(empty?.message);
  });

  it('every reason the SSRF guard gives has its French (no English left)', () => {
    const addresses = ['0.1.2.3', '10.0.0.1', '100.64.0.1', '127.0.0.1', '169.254.1.1', '172.16.0.1', '192.0.0.1', '192.0.2.1', '192.88.99.1', '192.168.1.1', '198.18.0.1', '198.51.100.1', '203.0.113.1', '224.0.0.1', '240.0.0.1', '169.254.169.254', '::', '::1', '::ffff:10.0.0.1', '::ffff:0:10.0.0.1', '64:ff9b::a00:1', '64:ff9b:1::a00:1', '64:ff9b:1::a9fe:a9fe', '2002:a00:1::', '2001:0::1', '2001:db8::1', '100::1', 'fe80::1', 'fec0::1', 'fd12::1', 'ff02::1', 'fd00:ec2::254', 'nonsense'];
    const reasons = addresses.map((ip) => checkAddress(ip)).flatMap((verdict) => (verdict.allowed ? [] : [verdict.reason]));
    reasons.push(metadataReason('metadata.google.internal') ?? '', 'a loopback name');
    expect(reasons.length).toBe(addresses.length + 2);
    for (const reason of reasons) {
      const french = blockedReasonFr(reason);
      expect({ reason, french }).toEqual({ reason, french: expect.not.stringMatching(/\b(a|an|the|of|address|loopback|private)\b/) });
    }
  });
});

describe("Node-RED's language", () => {
  const red = (lang?: string) => ({ settings: { lang } }) as never;

  it("follows settings.lang, else the first of LC_ALL, LC_MESSAGES, LANG that is set, as Node-RED's i18n does", () => {
    expect(languageOf(red('fr'), {})).toBe('fr');
    expect(languageOf(red('fr-FR'), { LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(languageOf(red('en-US'), { LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(languageOf(red(), { LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(languageOf(red(), { LC_MESSAGES: 'fr_CA.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(languageOf(red(), { LC_ALL: 'C.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(languageOf(red(), {})).toBe('en');
  });
});
