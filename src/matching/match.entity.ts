import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MandateParagraph, MatchStatus, PartyDecision, PublicationConsent } from '../common/enums.js';
import { Node } from '../common/node.interface.js';
import { sqlList } from '../common/status-sql.js';
import { LIVE_MATCH_STATUSES } from './match-transitions.js';
import type { ScoreComponent } from './scoring/scoring.js';

/** A proposed pairing of a request with an offer, through agreement and delivery to evaluation. */
@ObjectType({ implements: () => [Node] })
@Entity('match')
/** Lists page newest first by creation time, then id: a cursor is a row's own (time, id). */
@Index('match_page_order', ['proposedAt', 'id'])
@Index('match_live_pair', ['requestId', 'offerId'], {
  unique: true,
  where: `"status" IN ${sqlList(LIVE_MATCH_STATUSES)}`,
})
@Check('match_rating', '"evaluation_rating" IS NULL OR "evaluation_rating" BETWEEN 1 AND 5')
@Index('match_idempotency', ['createdBy', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
export class Match implements Node {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: 'Human-readable, unique and random, e.g. MAT-2026-X4TB9K' })
  @Index('match_reference', { unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Index()
  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Index()
  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  /** Kept with the match so visibility needs no join. */
  @Index()
  @Column({ name: 'requesting_organization_id', type: 'uuid' })
  requestingOrganizationId!: string;

  @Index()
  @Column({ name: 'provider_organization_id', type: 'uuid' })
  providerOrganizationId!: string;

  @Field(() => Float, {
    description: '0..1: the sum of weight x value over scoreBreakdown, whose weights sum to 1',
  })
  @Column({ type: 'double precision' })
  score!: number;

  @Column({ name: 'score_breakdown', type: 'jsonb' })
  scoreBreakdownData!: ScoreComponent[];

  @Field(() => MatchStatus)
  @Index()
  @Column({ type: 'enum', enum: MatchStatus, enumName: 'match_status' })
  status!: MatchStatus;

  @Field(() => PartyDecision)
  @Column({ name: 'requester_decision', type: 'enum', enum: PartyDecision, enumName: 'party_decision' })
  requesterDecision!: PartyDecision;

  @Field(() => PartyDecision)
  @Column({ name: 'provider_decision', type: 'enum', enum: PartyDecision, enumName: 'party_decision' })
  providerDecision!: PartyDecision;

  @Field(() => MandateParagraph)
  @Column({ name: 'mandate_paragraph', type: 'enum', enum: MandateParagraph, enumName: 'mandate_paragraph' })
  mandateParagraph!: MandateParagraph;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy!: string;

  @Field(() => GraphQLISODateTime)
  @CreateDateColumn({ name: 'proposed_at', type: 'timestamptz', precision: 3 })
  proposedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'agreed_at', type: 'timestamptz', nullable: true })
  agreedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ name: 'delivery_started_at', type: 'timestamptz', nullable: true })
  deliveryStartedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Index()
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'evaluation_rating', type: 'smallint', nullable: true })
  evaluationRating!: number | null;

  @Column({ name: 'evaluation_outcome', type: 'text', nullable: true })
  evaluationOutcome!: string | null;

  @Column({ name: 'evaluation_good_practice', type: 'text', nullable: true })
  evaluationGoodPractice!: string | null;

  @Column({ name: 'evaluation_lessons', type: 'text', nullable: true })
  evaluationLessons!: string | null;

  @Column({ name: 'evaluated_by', type: 'uuid', nullable: true })
  evaluatedBy!: string | null;

  @Index()
  @Column({ name: 'evaluated_at', type: 'timestamptz', nullable: true })
  evaluatedAt!: Date | null;

  @Field(() => PublicationConsent, {
    description: "The requesting organization's consent to publishing it (IATI export)",
  })
  @Column({
    name: 'publication_consent',
    type: 'enum',
    enum: PublicationConsent,
    enumName: 'publication_consent',
    default: PublicationConsent.NONE,
  })
  publicationConsent!: PublicationConsent;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'idempotency_fingerprint', type: 'char', length: 64, nullable: true })
  idempotencyFingerprint!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
