import { Args, Query, Resolver } from '@nestjs/graphql';
import { MemberState } from './member-state.entity.js';
import { ReferenceService } from './reference.service.js';

@Resolver(() => MemberState)
export class ReferenceResolver {
  constructor(private readonly reference: ReferenceService) {}

  @Query(() => [MemberState])
  memberStates(
    @Args('region', { type: () => String, nullable: true }) region?: string | null,
  ): MemberState[] {
    return this.reference.memberStates(region);
  }
}
