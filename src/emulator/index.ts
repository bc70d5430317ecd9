// A local agent platform for development, demos and tests (`relais emulator`).
export { startEmulator, DEFAULT_SESSION_TIMEOUT_MS } from './server';
export type { Emulator, EmulatorOptions, ExchangeEntry } from './server';
export type { EmulatorSession, TranscriptEntry, SessionState } from './sessions';
export { LOOKUP_ORDER_ACTION, SUPPORT_TEAM } from './agent';
