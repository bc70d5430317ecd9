// A delivery ledger shared by several processes (n8n webhook processes, Node-RED instances behind a
// balancer): the first process to claim a delivery's key runs it and records its answer; a duplicate
// that lands on another process finds the claim and gets the same answer. The in-process dedupe
// (dedupe.ts) stays in front of it; the `memory` backend is that dedupe alone.

/** What a duplicate is answered with: the first delivery's status and body. */
export interface LedgerReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * `first`: this process runs the delivery. Otherwise `reply` is the first one's answer, missing while
 * it is still running; `absent` (from peek) when nobody holds the key any more (its holder's lease ran
 * out: the process died before answering).
 */
export type LedgerClaim = { first: true } | { first: false; reply?: LedgerReply; absent?: boolean };

export interface DeliveryLedger {
  readonly backend: 'redis' | 'postgres';
  /**
   * Claims `key` for `ttl_ms` (atomic across processes). Rejects when the ledger cannot be reached;
   * the processor then fails closed for action triggers and open for chat events.
   */
  claim(key: string, ttl_ms: number): Promise<LedgerClaim>;
  /** The claim's state now (a duplicate polls it while the first is running). */
  peek(key: string): Promise<LedgerClaim>;
  /** Extends a running delivery's claim to `ttl_ms` from now (the holder's heartbeat; a no-op once answered). */
  renew(key: string, ttl_ms: number): Promise<void>;
  /** Records the first delivery's reply, kept `ttl_ms` from now. */
  settle(key: string, reply: LedgerReply, ttl_ms: number): Promise<void>;
  /** Drops a claim (a delivery turned away as busy: its retry is a first delivery again). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** How a host names its ledger. `memory` (the default) is the in-process dedupe alone. */
export type DeliveryLedgerConfig =
  | { backend: 'memory' }
  | {
      backend: 'redis';
      /** redis://[user:password@]host:port/db or rediss:// for TLS; or the fields below. */
      url?: string;
      host?: string;
      port?: number;
      username?: string;
      password?: string;
      db?: number;
      tls?: boolean;
      /** Key prefix (default "relais:ledger:"). */
      prefix?: string;
      /** Per-command deadline (default 2000 ms): an unreachable Redis fails fast. */
      timeout_ms?: number;
    }
  | {
      backend: 'postgres';
      connection_string: string;
      /** Table (default relais_delivery_ledger), created when missing. */
      table?: string;
      timeout_ms?: number;
    };
