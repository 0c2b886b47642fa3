import { DomainError } from '../common/errors.js';

/** The answer to a conditional update that found the row changed. */
export function staleVersion(label: string, current?: number): DomainError {
  return new DomainError(
    'CONFLICT',
    current === undefined
      ? `The ${label.toLowerCase()} changed meanwhile; reload it and try again`
      : `The ${label.toLowerCase()} is at version ${current}; reload it and try again`,
  );
}
