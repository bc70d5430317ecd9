// What an import produces: blocks in the seed 001 format (plain JSON, each one accepted by parseBlock),
// the credential stubs they name (secrets empty, to be filled by the user), and warnings that say what
// was left out or guessed.
import type { VariableDefinition } from '../variables/types';

/** A credential in the runtime's shape (ARCHITECTURE.md "Credentials"; `query`, `headers` and
 * `oauth2_client_credentials` are the kinds added beside bearer, basic, header and body). */
export type CredentialShape =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'query'; name: string; value: string }
  | { type: 'headers'; headers: Record<string, string> }
  | { type: 'oauth2_client_credentials'; token_url: string; client_id: string; client_secret: string; scope?: string };

/** A named credential: `name` is what the block's `parameters.credential` says, `credential` what the
 * runtime takes under that name (the header and query kinds have a `name` of their own, hence the
 * nesting). Stubs made from an OpenAPI description have empty secrets; one taken from a cURL command
 * holds the secret it found there. */
export interface ImportedCredential {
  name: string;
  type: CredentialShape['type'];
  credential: CredentialShape;
  /** Where it came from, e.g. the security scheme "api_key" (header X-API-Key). */
  description: string;
}

export interface ImportedVariable extends Omit<VariableDefinition, 'default'> {
  default?: string | number | boolean;
}

/** An http_request block in the seed 001 format. */
export interface ImportedBlock {
  id: string;
  type: 'action';
  data: {
    label: string;
    subtitle: string;
    channel: 'http';
    description: string;
    parameters: {
      action_type: 'http_request';
      http_method: string;
      url: string;
      content_type?: 'json' | 'text' | 'form' | 'multipart';
      headers_json?: string;
      query_json?: string;
      body_json?: string;
      body_text?: string;
      credential?: string;
      variables: ImportedVariable[];
      filter?: Record<string, unknown>;
    };
  };
}

export interface OpenApiImport {
  blocks: ImportedBlock[];
  credentials: ImportedCredential[];
  warnings: string[];
}

export interface CurlImport {
  block: ImportedBlock;
  credential?: ImportedCredential;
  warnings: string[];
}
