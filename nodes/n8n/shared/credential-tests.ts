// Credential tests that need more than one declarative request, run by n8n's "Test" button through the
// nodes that use these credentials (`testedBy`). Every test goes through the core, so it gets the same
// guard as a real call: deadline, size cap, HTTPS and private-network rules, redaction.
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { runForm } from '../../../src/adapter/run';
import { createConversationClient } from '../../../src/conversation/client';
import { checkCredential } from '../../../src/credential-check';
import { isRelaisError } from '../../../src/errors';
import { accessToken } from '../../../src/http/oauth2';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { allowedHostOf, allowedHostsFromEnv, authCredential, isAuthCredentialType, networkFromEnv, platformSettings, storeOptions } from './credentials';

const ok = (message: string): INodeCredentialTestResult => ({ status: 'OK', message });
const failed = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

function messageOf(error: unknown): string {
  return isRelaisError(error) ? `${error.message} [${error.code}]` : 'The test failed with an unexpected error; the n8n log has details.';
}

function isAllowListed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return allowedHostsFromEnv().some((entry) => entry === parsed.host || entry === parsed.hostname);
}

/**
 * Every auth credential: its configuration first (a token URL over http, a PEM that does not load…, named
 * by field), then for OAuth2 a token fetched from the token URL, then the credential's Test URL called
 * with it, when one is set.
 */
export async function relaisAuthTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  if (!isAuthCredentialType(credential.type)) return failed(`Unknown credential type ${credential.type}.`);
  const testUrl = typeof data.testUrl === 'string' ? data.testUrl.trim() : '';
  let runtime: Runtime;
  let core;
  try {
    core = authCredential(credential.type, data);
    checkCredential(core);
    runtime = createRuntime({ credentials: { test: core }, network: networkFromEnv() });
  } catch (error) {
    return failed(messageOf(error));
  }
  try {
    let fetched = '';
    if (core.type === 'oauth2_client_credentials') {
      await accessToken(core, runtime.http, 10_000);
      fetched = `The token URL issued an access token for ${core.client_id}. `;
    }
    if (testUrl === '') return ok(`${fetched}Saved. Set a Test URL in the credential to check it against your API.`.trim());
    const method = credential.type === 'relaisBodyAuth' ? 'POST' : 'GET';
    // A host the instance allow-lists (RELAIS_ALLOWED_HOSTS) is an internal API: plain http is accepted there.
    const form = { http_method: method, url: testUrl, credential: 'test', timeout_seconds: 10, allow_http: isAllowListed(testUrl) };
    const outcome = await runForm('http_request', form, {}, runtime);
    if (outcome.ok) return ok(`${fetched}Accepted: ${testUrl} answered ${outcome.relais.status ?? 'OK'}.`);
    return failed(`${outcome.error.message} [${outcome.error.code}]`);
  } catch (error) {
    return failed(messageOf(error));
  } finally {
    await runtime.close();
  }
}

/**
 * Agent Platform API: ends a conversation that does not exist. 401/403 mean the key or bot id is
 * refused; any other answer (200, or 400/404 about the conversation) means they were accepted.
 */
export async function relaisAgentPlatformTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const settings = platformSettings(credential.data ?? {});
  const host = settings.allow_private_network ? allowedHostOf(settings.base_url) : undefined;
  const runtime = createRuntime({ network: { allowed_hosts: [...allowedHostsFromEnv(), ...(host ? [host] : [])] } });
  try {
    const client = createConversationClient({ base_url: settings.base_url, bot_id: settings.bot_id, api_key: settings.api_key, runtime, allow_http: settings.allow_private_network });
    await client.end(`relais-credential-test-${Date.now()}`);
    return ok('The agent platform accepted the API key and bot ID.');
  } catch (error) {
    if (isRelaisError(error) && error.code === 'conversation_error' && error.status !== undefined && error.status !== 401 && error.status !== 403) {
      return ok(`The agent platform accepted the API key (it answered ${error.status} to the test conversation).`);
    }
    return failed(messageOf(error));
  } finally {
    await runtime.close();
  }
}

/** Contact Store: opens the store and runs one read. */
export async function relaisContactStoreTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const runtime = createRuntime({ store: storeOptions(credential.data ?? {}), network: { allowed_hosts: allowedHostsFromEnv() } });
  try {
    const store = await runtime.store();
    await store.findContacts({ email: 'credential-test@relais.invalid' });
    return ok('The contact store is reachable.');
  } catch (error) {
    return failed(messageOf(error));
  } finally {
    await runtime.close();
  }
}
