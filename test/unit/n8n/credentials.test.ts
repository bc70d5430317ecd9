// The credential types (names, secrets as password fields, icons, tests) and the credential tests the
// nodes run for them (`testedBy`), against loopback servers: an API for the auth credentials (let
// through with RELAIS_ALLOWED_HOSTS, the instance allow-list), the emulator for the agent platform, a
// sqlite file for the contact store.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ICredentialsDecrypted, ICredentialTestFunctions, ICredentialType } from 'n8n-workflow';
import { RelaisAgentPlatformApi } from '../../../credentials/RelaisAgentPlatformApi.credentials';
import { RelaisAiProviderApi } from '../../../credentials/RelaisAiProviderApi.credentials';
import { RelaisBasicAuth } from '../../../credentials/RelaisBasicAuth.credentials';
import { RelaisBearerAuth } from '../../../credentials/RelaisBearerAuth.credentials';
import { RelaisBodyAuth } from '../../../credentials/RelaisBodyAuth.credentials';
import { RelaisContactStore } from '../../../credentials/RelaisContactStore.credentials';
import { RelaisHeaderAuth } from '../../../credentials/RelaisHeaderAuth.credentials';
import { RelaisHeadersAuth } from '../../../credentials/RelaisHeadersAuth.credentials';
import { RelaisClientCredentialsOAuth2Api } from '../../../credentials/RelaisClientCredentialsOAuth2Api.credentials';
import { RelaisQueryAuth } from '../../../credentials/RelaisQueryAuth.credentials';
import { relaisAgentPlatformTest, relaisAuthTest, relaisContactStoreTest } from '../../../nodes/n8n/shared/credential-tests';
import { startEmulator, type Emulator } from '../../../src/emulator';
import { startApiServer, type ApiServer } from './api-server';

const CREDENTIALS: Array<[ICredentialType, string, string[]]> = [
  [new RelaisBearerAuth(), 'relaisBearerAuth', ['token']],
  [new RelaisBasicAuth(), 'relaisBasicAuth', ['password']],
  [new RelaisHeaderAuth(), 'relaisHeaderAuth', ['secretValue']],
  [new RelaisBodyAuth(), 'relaisBodyAuth', ['secretValue', 'tlsKey', 'tlsPassphrase']],
  [new RelaisQueryAuth(), 'relaisQueryAuth', ['secretValue', 'tlsKey', 'tlsPassphrase']],
  [new RelaisHeadersAuth(), 'relaisHeadersAuth', ['secretHeaders', 'tlsKey', 'tlsPassphrase']],
  [new RelaisClientCredentialsOAuth2Api(), 'relaisClientCredentialsOAuth2Api', ['clientSecret', 'tlsKey', 'tlsPassphrase']],
  [new RelaisAgentPlatformApi(), 'relaisAgentPlatformApi', ['apiKey', 'webhookSecret', 'hmacSecret']],
  [new RelaisAiProviderApi(), 'relaisAiProviderApi', ['apiKey']],
  [new RelaisContactStore(), 'relaisContactStore', ['connectionSecret', 'apiToken']],
];

describe.each(CREDENTIALS)('credential %#', (credential, name, secrets) => {
  it(`is ${name}, its secrets are password fields and its light and dark icons exist`, () => {
    expect(credential.name).toBe(name);
    for (const secret of secrets) {
      expect(credential.properties.find((p) => p.name === secret)?.typeOptions?.password).toBe(true);
    }
    const { light, dark } = credential.icon as { light: string; dark: string };
    for (const icon of [light, dark]) expect(existsSync(resolve(join(__dirname, '../../../credentials'), icon.replace(/^file:/, '')))).toBe(true);
    expect(light).not.toBe(dark);
    expect(credential.documentationUrl).toMatch(/^https:\/\//);
  });
});

const testContext = {} as ICredentialTestFunctions;
const decrypted = (type: string, data: Record<string, unknown>): ICredentialsDecrypted => ({ id: 'c', name: type, type, data: data as ICredentialsDecrypted['data'] });

describe('credential tests', () => {
  let api: ApiServer;
  let emulator: Emulator;
  let folder: string;
  const previousHosts = process.env.RELAIS_ALLOWED_HOSTS;
  beforeAll(async () => {
    api = await startApiServer();
    emulator = await startEmulator({ host: '127.0.0.1', port: 0, bot_id: 'bot-cred', api_key: 'key-cred-123456' });
    folder = mkdtempSync(join(tmpdir(), 'relais-n8n-cred-'));
  });
  afterAll(async () => {
    if (previousHosts === undefined) delete process.env.RELAIS_ALLOWED_HOSTS;
    else process.env.RELAIS_ALLOWED_HOSTS = previousHosts;
    await api.close();
    await emulator.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('auth: saves without a Test URL, and refuses a loopback Test URL unless the instance allows it', async () => {
    expect((await relaisAuthTest.call(testContext, decrypted('relaisBearerAuth', { token: 'good-token' }))).status).toBe('OK');
    delete process.env.RELAIS_ALLOWED_HOSTS;
    const refused = await relaisAuthTest.call(testContext, decrypted('relaisBearerAuth', { token: 'good-token', testUrl: `${api.url}/me` }));
    expect(refused.status).toBe('Error');
    expect(refused.message).toMatch(/blocked_url|insecure_url/);
  });

  it('auth: calls the Test URL with the credential (accepted and refused tokens), never echoing it', async () => {
    process.env.RELAIS_ALLOWED_HOSTS = new URL(api.url).host;
    const good = await relaisAuthTest.call(testContext, decrypted('relaisBearerAuth', { token: 'good-token', testUrl: `${api.url}/me` }));
    expect(good).toEqual({ status: 'OK', message: expect.stringContaining('200') });
    const bad = await relaisAuthTest.call(testContext, decrypted('relaisBearerAuth', { token: 'bad-token-77777', testUrl: `${api.url}/me` }));
    expect(bad.status).toBe('Error');
    expect(bad.message).toContain('http_401');
    expect(bad.message).not.toContain('bad-token-77777');
  });

  it('agent platform: accepts the right key and refuses a wrong one', async () => {
    const base = { baseUrl: emulator.url, botId: 'bot-cred', allowPrivateNetwork: true };
    expect((await relaisAgentPlatformTest.call(testContext, decrypted('relaisAgentPlatformApi', { ...base, apiKey: 'key-cred-123456' }))).status).toBe('OK');
    const wrong = await relaisAgentPlatformTest.call(testContext, decrypted('relaisAgentPlatformApi', { ...base, apiKey: 'nope-nope-nope' }));
    expect(wrong.status).toBe('Error');
    expect(wrong.message).not.toContain('nope-nope-nope');
  });

  it('contact store: opens a sqlite file, and reports a path it cannot create', async () => {
    const path = join(folder, 'store.sqlite');
    expect((await relaisContactStoreTest.call(testContext, decrypted('relaisContactStore', { backend: 'sqlite', path }))).status).toBe('OK');
    expect(existsSync(path)).toBe(true);
    const blocked = join(path, 'not-a-folder', 'x.sqlite');
    expect(existsSync(dirname(dirname(blocked)))).toBe(true);
    expect((await relaisContactStoreTest.call(testContext, decrypted('relaisContactStore', { backend: 'sqlite', path: blocked }))).status).toBe('Error');
  });
});
