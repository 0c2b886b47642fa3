import { Inject, type Type } from '@nestjs/common';
import {
  Args,
  Context,
  ID,
  Info,
  Int,
  Mutation,
  ObjectType,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Money, money } from '../common/money.js';
import { Connection, type Page, TotalCountResolver } from '../common/pagination.js';
import { selectedNodeFields } from '../common/selection.js';
import { DirectField } from '../graphql/direct-fields.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  type OrganizationLoaders,
  withIncludedOrganizations,
} from '../organizations/organization.loaders.js';
import { MemberState } from '../reference/member-state.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import { CurrentViewer, viewerOf } from '../viewer/viewer.decorators.js';
import type { GqlContext } from '../viewer/gql-context.js';
import type { Viewer } from '../viewer/viewer.js';
import type { HistoryLoaders } from '../workflow/history.loaders.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import type { MarketplaceItem } from './marketplace-item.entity.js';

/** The loaders the fields of a request or an offer read. */
export type MarketplaceContext = GqlContext<OrganizationLoaders & HistoryLoaders>;

/** What a side's service offers its resolver: the lifecycle's writes and the side's reads. */
export interface MarketplaceService<E, A, C, U, F> {
  list(
    viewer: Viewer,
    filter: F | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    selected?: ReadonlySet<string>,
  ): Promise<Page<E>>;
  get(viewer: Viewer, id: string): Promise<E>;
  create(viewer: Viewer, input: C): Promise<E>;
  update(viewer: Viewer, id: string, input: U, expectedVersion: number): Promise<E>;
  transition(
    viewer: Viewer,
    id: string,
    action: A,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
  ): Promise<E>;
  allowedActions(viewer: Viewer, item: E): A[];
}

/** A side's GraphQL names and types. */
export interface MarketplaceResolverOptions<E, A, C, U, F> {
  entity: Type<E>;
  service: Type<MarketplaceService<E, A, C, U, F>>;
  /** The side's noun in operation names: `Request` gives requests, request, createRequest … */
  noun: string;
  actions: object;
  inputs: { create: Type<unknown>; update: Type<unknown>; filter: Type<unknown> };
  /** The fields resolved from the item's columns, by their names on this side. */
  fields: {
    organization: { name: string; column: keyof E & string };
    states: { name: string; column: keyof E & string; description: string };
    budget: string;
    allowedActions?: string;
  };
}

/**
 * The resolver both sides share: the list and single queries, create, update and transition, and the
 * fields read from the item (its organization, its States, its budget, its history and the actions
 * the viewer may take), and the side's connection (`<Type>Connection`). The subclass is decorated
 * with `@Base.resolver()`, which makes it the resolver of the side's type and lets the executor call
 * these fields directly (@DirectField); `Base.TotalCount` resolves the connection's totalCount.
 */
export function MarketplaceResolver<E extends MarketplaceItem, A, C, U, F>(
  options: MarketplaceResolverOptions<E, A, C, U, F>,
) {
  const { entity, noun, fields } = options;
  const typeName = entity.name;
  const many = `${noun.toLowerCase()}s`;

  @ObjectType(`${typeName}Connection`)
  class ItemConnection extends Connection(entity, typeName) {}

  @Resolver(() => entity, { isAbstract: true })
  abstract class Base {
    /** The resolver of the connection's totalCount, a provider of the side's module. */
    static readonly TotalCount = TotalCountResolver(ItemConnection);

    /** Marks the subclass as the resolver of the side's type, with the fields below called directly. */
    static resolver(): ClassDecorator {
      return (target) => {
        Resolver(() => entity)(target);
        const direct = [
          fields.organization.name,
          fields.states.name,
          fields.budget,
          'history',
          'allowedActions',
        ];
        for (const method of direct) DirectField(typeName)(target.prototype, method, {});
      };
    }

    constructor(
      @Inject(options.service) protected readonly service: MarketplaceService<E, A, C, U, F>,
      protected readonly reference: ReferenceService,
    ) {}

    @Query(() => ItemConnection, { name: many })
    list(
      @CurrentViewer() viewer: Viewer,
      @Context() context: MarketplaceContext,
      @Args('filter', { type: () => options.inputs.filter, nullable: true }) filter?: F | null,
      @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number | null,
      @Args('after', { type: () => String, nullable: true }) after?: string | null,
      @Info() info?: GraphQLResolveInfo,
    ): Promise<Page<E>> {
      const selected = info && selectedNodeFields(info);
      return withIncludedOrganizations(
        context.loaders,
        this.service.list(viewer, filter, first, after, selected),
      );
    }

    @Query(() => entity, { name: noun.toLowerCase() })
    one(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<E> {
      return this.service.get(viewer, id);
    }

    @Mutation(() => entity, { name: `create${noun}` })
    create(
      @CurrentViewer() viewer: Viewer,
      @Args('input', { type: () => options.inputs.create }) input: C,
    ): Promise<E> {
      return this.service.create(viewer, input);
    }

    @Mutation(() => entity, { name: `update${noun}` })
    update(
      @CurrentViewer() viewer: Viewer,
      @Args('id', { type: () => ID }) id: string,
      @Args('input', { type: () => options.inputs.update }) input: U,
      @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    ): Promise<E> {
      return this.service.update(viewer, id, input, expectedVersion);
    }

    @Mutation(() => entity, { name: `transition${noun}` })
    transition(
      @CurrentViewer() viewer: Viewer,
      @Args('id', { type: () => ID }) id: string,
      @Args('action', { type: () => options.actions }) action: A,
      @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
      @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
    ): Promise<E> {
      return this.service.transition(viewer, id, action, reason, expectedVersion);
    }

    @ResolveField(() => Organization)
    [fields.organization.name](
      item: E,
      _args: unknown,
      context: MarketplaceContext,
    ): Promise<Organization | null> {
      return context.loaders.organization.load(item[fields.organization.column] as string);
    }

    @ResolveField(() => [MemberState], { description: fields.states.description })
    [fields.states.name](item: E): MemberState[] {
      return (item[fields.states.column] as string[]).flatMap(
        (code) => this.reference.memberState(code) ?? [],
      );
    }

    @ResolveField(() => Money, { nullable: true })
    [fields.budget](item: E): Money | null {
      return money(item.budgetAmount, item.budgetCurrency);
    }

    @ResolveField(() => [StatusChange])
    history(item: E, _args: unknown, context: MarketplaceContext): Promise<StatusChange[]> {
      return context.loaders.history.load(item.id);
    }

    @ResolveField(() => [options.actions], { description: fields.allowedActions })
    allowedActions(item: E, _args: unknown, context: MarketplaceContext): A[] {
      return this.service.allowedActions(viewerOf(context), item);
    }
  }
  return Base;
}
