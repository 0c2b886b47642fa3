import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import {
  AssistanceType,
  Confidentiality,
  Decision,
  DeliveryMode,
  InfrastructureSector,
  MandateParagraph,
  MatchAction,
  MatchStatus,
  OfferAction,
  OfferStatus,
  PreparednessPhase,
  Priority,
  ProtectionStream,
  RequestAction,
  RequestStatus,
  UnLanguage,
} from '../common/enums.js';
import { languageOfHeader } from '../common/i18n.js';
import type { Viewer } from '../viewer/viewer.js';

/** The vocabularies the API returns, each with a label per term in the six UN languages. */
export enum Vocabulary {
  INFRASTRUCTURE_SECTOR = 'InfrastructureSector',
  ASSISTANCE_TYPE = 'AssistanceType',
  PROTECTION_STREAM = 'ProtectionStream',
  PREPAREDNESS_PHASE = 'PreparednessPhase',
  MANDATE_PARAGRAPH = 'MandateParagraph',
  CONFIDENTIALITY = 'Confidentiality',
  PRIORITY = 'Priority',
  DELIVERY_MODE = 'DeliveryMode',
  REQUEST_STATUS = 'RequestStatus',
  REQUEST_ACTION = 'RequestAction',
  OFFER_STATUS = 'OfferStatus',
  OFFER_ACTION = 'OfferAction',
  MATCH_STATUS = 'MatchStatus',
  MATCH_ACTION = 'MatchAction',
  DECISION = 'Decision',
  REGION = 'Region',
  SUB_REGION = 'SubRegion',
}

registerEnumType(Vocabulary, {
  name: 'Vocabulary',
  description: 'A vocabulary of the API whose terms have labels in the six UN languages (vocabulary query)',
});

/** The terms of each vocabulary that is an enum of the schema. */
export const ENUM_VOCABULARIES: Readonly<
  Record<Exclude<Vocabulary, Vocabulary.REGION | Vocabulary.SUB_REGION>, object>
> = {
  [Vocabulary.INFRASTRUCTURE_SECTOR]: InfrastructureSector,
  [Vocabulary.ASSISTANCE_TYPE]: AssistanceType,
  [Vocabulary.PROTECTION_STREAM]: ProtectionStream,
  [Vocabulary.PREPAREDNESS_PHASE]: PreparednessPhase,
  [Vocabulary.MANDATE_PARAGRAPH]: MandateParagraph,
  [Vocabulary.CONFIDENTIALITY]: Confidentiality,
  [Vocabulary.PRIORITY]: Priority,
  [Vocabulary.DELIVERY_MODE]: DeliveryMode,
  [Vocabulary.REQUEST_STATUS]: RequestStatus,
  [Vocabulary.REQUEST_ACTION]: RequestAction,
  [Vocabulary.OFFER_STATUS]: OfferStatus,
  [Vocabulary.OFFER_ACTION]: OfferAction,
  [Vocabulary.MATCH_STATUS]: MatchStatus,
  [Vocabulary.MATCH_ACTION]: MatchAction,
  [Vocabulary.DECISION]: Decision,
};

@ObjectType({ description: 'A term of a vocabulary and its label in the language asked for' })
export class VocabularyTerm {
  @Field({ description: 'The value the API uses (an enum value, a region name)' })
  code!: string;

  @Field()
  label!: string;
}

/**
 * The language to answer in: the `locale` argument, else the signed-in user's preferred language,
 * else the request's Accept-Language, else English.
 */
export async function languageOf(
  argument: UnLanguage | null | undefined,
  context: {
    req?: FastifyRequest & { viewer?: Viewer };
    loaders?: {
      user: { load(id: string): Promise<{ preferredLanguage?: UnLanguage | null } | null | undefined> };
    };
  },
): Promise<UnLanguage> {
  if (argument) return argument;
  const viewer = context.req?.viewer;
  if (viewer && context.loaders) {
    const user = await context.loaders.user.load(viewer.id);
    if (user?.preferredLanguage) return user.preferredLanguage;
  }
  return languageOfHeader(context.req?.headers['accept-language']) ?? UnLanguage.EN;
}
