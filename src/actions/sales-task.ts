// PLACEHOLDER — helper "platform" replaces this file with the real sales_task action.
import type { SalesTaskParams } from '../blocks/sales-task';
import { RelaisError } from '../errors';
import type { ActionHandler } from './types';

const notYet = (): never => {
  throw new RelaisError('invalid_block', 'sales_task is not available yet');
};

export const salesTaskAction: ActionHandler<SalesTaskParams> = { preview: notYet, execute: async () => notYet() };
