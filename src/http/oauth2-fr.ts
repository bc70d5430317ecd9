// The French of the reasons an OAuth2 token request fails (src/http/oauth2.ts), for the `fr` of its
// auth_error. The endpoint's own words and nested errors are kept as they came.

const FIXED: Record<string, string> = {
  'the answer is not JSON. Check the token URL.': "la réponse n'est pas du JSON. Vérifiez l'URL du jeton.",
  'the answer holds no access_token. Check the token URL.': "la réponse ne contient pas d'access_token. Vérifiez l'URL du jeton.",
  'the request failed.': 'la requête a échoué.',
};

/** A token failure reason in French, when it is one of Relais' own. */
export function oauth2ReasonFr(reason: string): string {
  const type = /^the token type is "(.*)"; Relais sends Bearer tokens \(RFC 6750\) only\.$/s.exec(reason);
  if (type) return `le type de jeton est "${type[1]}" ; Relais n'envoie que des jetons Bearer (RFC 6750).`;
  return FIXED[reason] ?? reason;
}
