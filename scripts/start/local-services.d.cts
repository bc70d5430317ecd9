// Types of scripts/start/local-services.cjs for the end-to-end suite.
export interface LocalServices {
  url: string;
  /** Base URL of the orders API (GET /orders/<n>, GET /customers/verify?email=). */
  ordersUrl: string;
  /** OpenAI-compatible base URL (POST <aiUrl>/chat/completions). */
  aiUrl: string;
  close(): Promise<void>;
}
export const ORDERS: Record<string, { status: string; carrier: string; tracking_number: string; eta: string; items: number }>;
export function startLocalServices(options?: { port?: number }): Promise<LocalServices>;
