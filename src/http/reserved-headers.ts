/** Headers the transport sets itself: a caller's value would be wrong (lengths, framing) or dangerous
 * (Host). A block that sets one is refused when parsed; the transport drops any that still arrive. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection']);
