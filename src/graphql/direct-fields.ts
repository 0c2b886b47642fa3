import type { ModuleRef } from '@nestjs/core';
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

interface DirectFieldEntry {
  resolverClass: abstract new (...args: never[]) => unknown;
  method: string;
  typeName: string;
}

const entries: DirectFieldEntry[] = [];

/**
 * Marks a `@ResolveField` method of a `@Resolver` class to be called by the executor directly, without
 * Nest's per-call wrapper (parameter decorators and pipes), which costs more than the work of most
 * field resolvers and runs hundreds of times per list page. Guards, interceptors and exception
 * filters never apply to field resolvers here (`fieldResolverEnhancers` is empty), so nothing else is
 * skipped. The method takes GraphQL's own `(parent, args, context)`, which is also what Nest passes to
 * a method without parameter decorators, so it behaves the same either way.
 */
export function DirectField(typeName: string): MethodDecorator {
  return (prototype, method) => {
    entries.push({
      resolverClass: prototype.constructor as DirectFieldEntry['resolverClass'],
      method: String(method),
      typeName,
    });
  };
}

/**
 * Points every marked field of the built schema at its method. Fails at start-up when a marked field is
 * not in the schema, so a renamed type or field cannot silently fall back to the wrapped resolver.
 */
export function applyDirectFields(schema: GraphQLSchema, moduleRef: ModuleRef): GraphQLSchema {
  for (const { resolverClass, method, typeName } of entries) {
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[method] : undefined;
    if (!field) throw new Error(`@DirectField: ${typeName}.${method} is not in the schema`);
    const instance = moduleRef.get(resolverClass, { strict: false }) as Record<string, unknown>;
    const resolve = instance[method];
    if (typeof resolve !== 'function') throw new Error(`@DirectField: ${method} is not a method`);
    field.resolve = (resolve as GraphQLFieldResolver<unknown, unknown>).bind(instance);
  }
  return schema;
}

/**
 * Removes the resolvers Nest gives plain fields (`(root) => root[name]`, named `rootFieldResolver`)
 * when the field has no default value, so the executor reads the property itself: compiled queries
 * then inline the read instead of calling a function, with a resolve-info object, for each field of
 * each row. A field with middleware or a default value keeps its resolver.
 */
export function dropPropertyResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as ((root: object) => unknown) | undefined;
      if (resolve?.name === 'rootFieldResolver' && resolve({}) === undefined) field.resolve = undefined;
    }
  }
  return schema;
}
