import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { InfrastructureSector, MatchStatus } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { Match } from './match.entity.js';

@ObjectType('ScoreComponent')
export class ScoreComponentType {
  @Field({
    description:
      'e.g. sectors, assistanceTypes, protectionStreams, phases, languages, timing, deliveryMode, budget, mandate',
  })
  criterion!: string;

  @Field(() => Float, { description: 'The weights of one breakdown sum to 1' })
  weight!: number;

  @Field(() => Float, { description: '0..1' })
  value!: number;

  @Field()
  explanation!: string;
}

@ObjectType()
export class Evaluation {
  @Field(() => Int, { description: '1 (poor) to 5 (excellent)' })
  rating!: number;

  @Field()
  outcomeSummary!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A good practice worth sharing with other States (paras 7 and 10)',
  })
  goodPractice!: string | null;

  @Field(() => String, { nullable: true })
  lessonsLearned!: string | null;

  @Field(() => User)
  evaluatedBy!: User;

  @Field(() => GraphQLISODateTime)
  evaluatedAt!: Date;

  evaluatedById!: string;
}

/** A candidate's score against the known side, with the reasons for it. */
@ObjectType({ isAbstract: true })
abstract class Suggestion {
  @Field(() => Float)
  score!: number;

  @Field(() => [ScoreComponentType])
  breakdown!: ScoreComponentType[];
}

@ObjectType()
export class MatchSuggestion extends Suggestion {
  @Field(() => AssistanceOffer)
  offer!: AssistanceOffer;
}

@ObjectType()
export class RequestSuggestion extends Suggestion {
  @Field(() => AssistanceRequest)
  request!: AssistanceRequest;
}

@ObjectType()
export class MatchPair {
  @Field(() => AssistanceRequest)
  request!: AssistanceRequest;

  @Field(() => AssistanceOffer)
  offer!: AssistanceOffer;

  @Field(() => Float)
  score!: number;
}

@ObjectType()
export class MatchingRoundResult {
  @Field()
  dryRun!: boolean;

  @Field(() => Int)
  consideredRequests!: number;

  @Field(() => Int)
  consideredOffers!: number;

  @Field(() => [MatchPair], {
    description: 'The assignment chosen: maximal total score with no offer over its remaining capacity',
  })
  pairs!: MatchPair[];

  @Field(() => Float)
  totalScore!: number;

  @Field(() => [Match], { description: 'Matches created (empty on a dry run)' })
  proposals!: Match[];
}

@InputType()
export class ProposeMatchInput {
  @Field(() => ID)
  requestId!: string;

  @Field(() => ID)
  offerId!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

@InputType()
export class EvaluationInput {
  @Field(() => Int)
  rating!: number;

  @Field()
  outcomeSummary!: string;

  @Field(() => String, { nullable: true })
  goodPractice?: string | null;

  @Field(() => String, { nullable: true })
  lessonsLearned?: string | null;
}

@InputType()
export class MatchingRoundInput {
  @Field(() => [InfrastructureSector], {
    nullable: true,
    description: 'Only requests touching these sectors; all when omitted',
  })
  sectors?: InfrastructureSector[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only requests whose beneficiary States lie in this UN M49 region',
  })
  region?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Pairs scoring below this are never proposed (default 0.5)',
  })
  minScore?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Compute and return the assignment without creating matches (default false)',
  })
  dryRun?: boolean | null;
}

@InputType()
export class MatchFilter {
  @Field(() => [MatchStatus], { nullable: true })
  status?: MatchStatus[] | null;

  @Field(() => ID, { nullable: true })
  requestId?: string | null;

  @Field(() => ID, { nullable: true })
  offerId?: string | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;
}
