// PLACEHOLDER — helper "platform" replaces this file with the real ai_reply action.
import type { AiReplyParams } from '../blocks/ai-reply';
import { RelaisError } from '../errors';
import type { ActionHandler } from './types';

const notYet = (): never => {
  throw new RelaisError('invalid_block', 'ai_reply is not available yet');
};

export const aiReplyAction: ActionHandler<AiReplyParams> = { preview: notYet, execute: async () => notYet() };
