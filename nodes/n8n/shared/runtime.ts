// One place where an n8n node gets its core Runtime: the node's credentials are read, mapped
// (shared/credentials.ts) and handed to the shared runtime cache (src/adapter/runtime-cache.ts), so
// executions with the same settings reuse one HTTP pool, one store connection and one AI client.
// Each execution holds a lease for its duration and releases it at the end.
import type { ICredentialDataDecryptedObject, IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';
import { createRuntimeCache, type CacheableRuntimeOptions, type RuntimeLease } from '../../../src/adapter/runtime-cache';
import type { Credential } from '../../../src/credentials';
import {
  AI_PROVIDER_CREDENTIAL,
  CONTACT_STORE_CREDENTIAL,
  aiOptions,
  authCredential,
  isAuthCredentialType,
  networkFromEnv,
  storeOptions,
} from './credentials';

/** The name the node's selected auth credential gets in the runtime; blocks name it in `credential`. */
export const NODE_CREDENTIAL_NAME = 'n8n';

const cache = createRuntimeCache();

type NodeContext = Pick<IExecuteFunctions, 'getNode' | 'getCredentials' | 'getNodeParameter'> | Pick<ISupplyDataFunctions, 'getNode' | 'getCredentials' | 'getNodeParameter'>;

/** Credentials the node has set (optional ones may be absent: getCredentials would throw). */
async function optionalCredentials(context: NodeContext, type: string): Promise<ICredentialDataDecryptedObject | undefined> {
  if (!context.getNode().credentials?.[type]) return undefined;
  return (await context.getCredentials(type)) as ICredentialDataDecryptedObject;
}

export interface RuntimeNeeds {
  /** Read the credential selected by the node's `authentication` parameter. */
  auth?: boolean;
  store?: boolean;
  ai?: boolean;
}

export interface NodeRuntime {
  lease: RuntimeLease;
  /** Set when the node uses an auth credential: the name blocks must use in `credential`. */
  credentialName?: string;
}

export async function acquireRuntime(context: NodeContext, needs: RuntimeNeeds): Promise<NodeRuntime> {
  const network = networkFromEnv();
  const options: CacheableRuntimeOptions = Object.keys(network).length > 0 ? { network } : {};
  let credentialName: string | undefined;

  if (needs.auth) {
    const authentication = context.getNodeParameter('authentication', 0, 'none');
    if (isAuthCredentialType(authentication)) {
      const credential: Credential = authCredential(authentication, (await context.getCredentials(authentication)) as ICredentialDataDecryptedObject);
      options.credentials = { [NODE_CREDENTIAL_NAME]: credential };
      credentialName = NODE_CREDENTIAL_NAME;
    }
  }
  if (needs.store) {
    const data = await optionalCredentials(context, CONTACT_STORE_CREDENTIAL);
    options.store = storeOptions(data);
  }
  if (needs.ai) {
    const data = await optionalCredentials(context, AI_PROVIDER_CREDENTIAL);
    if (data) options.ai = aiOptions(data);
  }
  return { lease: cache.acquire(options), credentialName };
}
