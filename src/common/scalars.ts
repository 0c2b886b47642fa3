import { GraphQLDate, GraphQLJSON } from 'graphql-scalars';

/** Scalars of the contract besides DateTime (GraphQLISODateTime, named DateTime, from @nestjs/graphql). */
export const DateScalar = GraphQLDate;
export const JSONScalar = GraphQLJSON;
