// PLACEHOLDER — helper "platform" replaces this file with the real tag_contact action.
import type { TagContactParams } from '../blocks/tag-contact';
import { RelaisError } from '../errors';
import type { ActionHandler } from './types';

const notYet = (): never => {
  throw new RelaisError('invalid_block', 'tag_contact is not available yet');
};

export const tagContactAction: ActionHandler<TagContactParams> = { preview: notYet, execute: async () => notYet() };
