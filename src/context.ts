// The call context of seed 002: who the contact is, which agent runs, the direction and medium of the
// conversation, and the values of the action's declared variables (filled by a model or a flow).

export interface ContactContext {
  id?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  phone_number?: string;
}

export interface AgentContext {
  id?: string;
  name?: string;
  number?: string;
}

export interface Context {
  /** Raw values for the action's declared variables, before coercion (text, numbers, booleans). */
  variables?: Record<string, unknown>;
  contact?: ContactContext;
  agent?: AgentContext;
  /** inbound | outbound */
  direction?: string;
  /** phone | web | whatsapp | … */
  medium?: string;
  /** ISO 8601; defaults to now. */
  current_datetime?: string;
  /** The webhook delivery this call serves (the agent event's id): a sales task opened twice for
   * one delivery is one task (the sql stores keep one per delivery). */
  delivery_id?: string;
}
