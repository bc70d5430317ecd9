// Sessions of the emulated platform, as the real one keeps them: one live session per
// platformConversationId, ended by endSession or by an idle timeout (2 h by default) counted from the
// last message sent or received. A startSession or message on a live session resumes it; after the end
// or the timeout, the same platformConversationId starts a new session.
import { randomUUID } from 'node:crypto';

/** What the emulator keeps instead of a value sent with `sanitize: true`. */
export const SANITIZED = '[sanitized]';

export type SessionState = 'active' | 'ended' | 'expired';

export interface TranscriptEntry {
  at: string;
  from: 'visitor' | 'agent' | 'platform';
  /** startSession, message, metadata, endSession, sendMessage, escalate, isTeamOnline, action… */
  kind: string;
  text?: string;
  detail?: Record<string, unknown>;
}

export interface EmulatorSession {
  /** Internal id of the session; sent as `conversationId` in action triggers. */
  session_id: string;
  platformConversationId: string;
  state: SessionState;
  started_at: string;
  last_activity_at: string;
  language: 'en' | 'fr';
  /** Set with metadata events; values marked `sanitize` are kept as "[sanitized]". */
  metadata: Record<string, string | number | boolean>;
  /** Session parameters saved from action results. */
  params: Record<string, string>;
  transcript: TranscriptEntry[];
  /** What the scripted agent waits for next (e.g. an order number). */
  awaiting?: 'order_number';
  /** The carousel last shown, so a cardIndex can be resolved. */
  carousel?: Array<{ title: string; description?: string }>;
  escalated: boolean;
}

export interface SessionStore {
  /** The live session for the id, or a new one (`resumed` tells which). */
  open(platformConversationId: string): { session: EmulatorSession; resumed: boolean };
  /** Ends the live session, if any; returns it. */
  end(platformConversationId: string): EmulatorSession | undefined;
  touch(session: EmulatorSession): void;
  /** Marks idle sessions expired; returns the ones that just expired. */
  expire(): EmulatorSession[];
  /** Every session so far, oldest first (optionally of one conversation). */
  list(platformConversationId?: string): EmulatorSession[];
}

export function createSessionStore(timeoutMs: number, now: () => number = Date.now): SessionStore {
  const byConversation = new Map<string, EmulatorSession[]>();
  const iso = () => new Date(now()).toISOString();
  const idle = (session: EmulatorSession) => now() - Date.parse(session.last_activity_at) >= timeoutMs;

  const live = (platformConversationId: string): EmulatorSession | undefined => {
    const sessions = byConversation.get(platformConversationId);
    const last = sessions?.[sessions.length - 1];
    if (!last || last.state !== 'active') return undefined;
    if (idle(last)) {
      last.state = 'expired';
      return undefined;
    }
    return last;
  };

  return {
    open(platformConversationId) {
      const existing = live(platformConversationId);
      if (existing) {
        existing.last_activity_at = iso();
        return { session: existing, resumed: true };
      }
      const session: EmulatorSession = {
        session_id: randomUUID(),
        platformConversationId,
        state: 'active',
        started_at: iso(),
        last_activity_at: iso(),
        language: 'en',
        metadata: {},
        params: {},
        transcript: [],
        escalated: false,
      };
      const list = byConversation.get(platformConversationId) ?? [];
      list.push(session);
      byConversation.set(platformConversationId, list);
      return { session, resumed: false };
    },
    end(platformConversationId) {
      const session = live(platformConversationId);
      if (session) {
        session.state = 'ended';
        session.last_activity_at = iso();
      }
      return session;
    },
    touch(session) {
      session.last_activity_at = iso();
    },
    expire() {
      const expired: EmulatorSession[] = [];
      for (const sessions of byConversation.values()) {
        const last = sessions[sessions.length - 1];
        if (last.state === 'active' && idle(last)) {
          last.state = 'expired';
          expired.push(last);
        }
      }
      return expired;
    },
    list(platformConversationId) {
      if (platformConversationId !== undefined) return [...(byConversation.get(platformConversationId) ?? [])];
      return [...byConversation.values()].flat();
    },
  };
}
