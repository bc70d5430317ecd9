// Answers that arrive from elsewhere in a flow. In Node-RED and n8n the answer to an action trigger is
// given by a separate "reply" node, later: the webhook's onEvent returns `pending.wait(event.id,
// info.signal)` and the reply node calls `pending.resolve(id, answer)`. When the deadline passes the
// processor aborts the signal, the entry is dropped and a late resolve() returns false.

export interface PendingAnswers {
  wait(id: string, signal?: AbortSignal): Promise<unknown>;
  /** False when nothing waits for `id` (already answered, or too late). */
  resolve(id: string, answer: unknown): boolean;
  size(): number;
}

export function createPendingAnswers(): PendingAnswers {
  const waiting = new Map<string, (answer: unknown) => void>();
  return {
    wait(id, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => {
          waiting.delete(id);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.set(id, (answer) => {
          signal?.removeEventListener('abort', onAbort);
          waiting.delete(id);
          resolve(answer);
        });
      });
    },
    resolve(id, answer) {
      const settle = waiting.get(id);
      if (!settle) return false;
      settle(answer);
      return true;
    },
    size: () => waiting.size,
  };
}
