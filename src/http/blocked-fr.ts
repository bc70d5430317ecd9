// The French of the SSRF guard's refusals: why an address is refused (the reasons src/http/address.ts
// gives, composed as "<form> of <reason>") and the way out (blockedAdvice in ./policy), for the `fr` of
// a blocked_url error. The English stays the reference: a reason this table does not know is kept as is.

const REASONS_FR: Record<string, string> = {
  'a "this network" address': 'une adresse « ce réseau »',
  'a private address': 'une adresse privée',
  'a carrier-grade NAT address': 'une adresse de NAT opérateur (CGNAT)',
  'a loopback address': 'une adresse de bouclage',
  'a loopback name': 'un nom de bouclage',
  'a link-local address': 'une adresse lien-local',
  'an IETF protocol address': "une adresse réservée aux protocoles de l'IETF",
  'a documentation address': 'une adresse de documentation',
  'a 6to4 relay address': 'une adresse de relais 6to4',
  'a benchmarking address': "une adresse réservée aux tests de performance",
  'a multicast address': 'une adresse de multidiffusion',
  'a reserved or broadcast address': 'une adresse réservée ou de diffusion',
  'a cloud metadata address': 'une adresse de métadonnées cloud',
  'a cloud metadata service': 'un service de métadonnées cloud',
  'the unspecified address': "l'adresse non spécifiée",
  'a Teredo address': 'une adresse Teredo',
  'a discard address': 'une adresse de rejet (discard)',
  'a site-local address': 'une adresse site-local',
  'a unique-local address': 'une adresse unique-local',
  'a local NAT64 address': 'une adresse NAT64 locale',
  'an IPv4-mapped IPv6 address': 'une adresse IPv6 mappée IPv4',
  'an IPv4-translated IPv6 address': 'une adresse IPv6 traduite IPv4',
  'a NAT64 address': 'une adresse NAT64',
  'a 6to4 address': 'une adresse 6to4',
  'not an IP address': "pas une adresse IP",
};

/** A refusal reason in French: "a NAT64 address of a private address" → "une adresse NAT64 qui mène à une adresse privée". */
export function blockedReasonFr(reason: string): string {
  return reason
    .split(' of ')
    .map((part) => REASONS_FR[part] ?? part)
    .reduce((whole, part) => `${whole} qui mène à ${part}`);
}

const OPT_IN_HINT_FR =
  "activez allow_private_network sur l'action, ou listez l'hôte dans network.allowed_hosts du runtime (ou son adresse dans network.allowed_ranges)";

/** The French of blockedAdvice: the way out of a refusal, or that there is none. */
export function blockedAdviceFr(metadata: boolean): string {
  return metadata
    ? "Relais ne se connecte jamais aux adresses de métadonnées cloud ou de plateforme (elles délivrent les identifiants de la machine) ; aucune option ne les ouvre"
    : `Relais ne se connecte pas aux adresses privées, de bouclage, lien-local ou de métadonnées, sauf si vous l'autorisez : ${OPT_IN_HINT_FR}`;
}
