// PLACEHOLDER — helper "platform" replaces this file with the real crm_upsert action.
import type { CrmUpsertParams } from '../blocks/crm-upsert';
import { RelaisError } from '../errors';
import type { ActionHandler } from './types';

const notYet = (): never => {
  throw new RelaisError('invalid_block', 'crm_upsert is not available yet');
};

export const crmUpsertAction: ActionHandler<CrmUpsertParams> = { preview: notYet, execute: async () => notYet() };
