import type { GraphQLSchema } from 'graphql';
import { ERROR_CODES } from '../common/errors.js';

/** The contract's description of the API, with the error codes this service answers (from ERROR_CODES). */
export const SCHEMA_DESCRIPTION = `API contract of the technical-assistance matchmaking service.

Grounded in Security Council resolution 2341 (2017) on the protection of critical
infrastructure against terrorist attacks:
  para 9  - States able to do so deliver capacity development, training, resources,
            technical assistance, technology transfers and programmes;
  para 11 - the CTC (with CTED) and the CTITF facilitate technical assistance and
            capacity building with bilateral and multilateral providers;
  para 12 - the CTITF Working Group on the Protection of Critical Infrastructure including
            Internet, Vulnerable Targets and Tourism Security facilitates assistance on
            capacity-building upon request by Member States;
  para 13 - the CTC updates the Council on implementation (reporting).

Binding: every type, field, argument, enum value and operation named here exists in the
served schema with the same name and a compatible type. The service may ADD types,
fields, optional arguments and operations. Errors carry \`extensions.code\`, one of:
${ERROR_CODES.join(', ')}.
SERVICE_UNAVAILABLE (added by this service): the database is away for a moment; retry the same
request (HTTP 503 with Retry-After when nothing in the response succeeded). A create retried
with the same idempotencyKey takes effect at most once.
An object the viewer may not see is answered exactly like one that does not exist
(NOT_FOUND): its existence is not disclosed.`;

/** The schema with the contract's description (printed at the top of schema.gql). */
export function describeSchema(schema: GraphQLSchema): GraphQLSchema {
  schema.description = SCHEMA_DESCRIPTION;
  return schema;
}
