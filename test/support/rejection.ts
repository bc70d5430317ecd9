// The RelaisError a call rejects with (the test fails when it resolves, or rejects with anything else).
import { RelaisError } from '../../src/errors';

export async function relaisRejection(promise: Promise<unknown>): Promise<RelaisError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RelaisError);
    return error as RelaisError;
  }
  throw new Error('expected a RelaisError, the call succeeded');
}
