// Credentials are named in a block (`parameters.credential`) and resolved by the runtime, so block JSON
// never holds a secret. The four kinds of seed 002's Authentication tab.

export type Credential =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'body'; name: string; value: string };

export type CredentialResolver = (name: string) => Credential | undefined;

/** The secret values of a credential, for redaction (basic auth includes its base64 form). */
export function credentialSecrets(credential: Credential): string[] {
  switch (credential.type) {
    case 'bearer':
      return [credential.token];
    case 'basic': {
      const pair = `${credential.username}:${credential.password}`;
      return [credential.password, Buffer.from(pair).toString('base64')];
    }
    case 'header':
    case 'body':
      return [credential.value];
  }
}
