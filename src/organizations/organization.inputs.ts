import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { EmailDelivery, OrganizationKind, Role, UnLanguage } from '../common/enums.js';

@InputType()
export class CreateOrganizationInput {
  @Field()
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3; required for MEMBER_STATE' })
  memberStateCode?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field({ description: 'At least 12 characters' })
  password!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Its IATI organisation identifier, e.g. XM-DAC-7 or GB-GOV-1; an empty string removes it',
  })
  iatiIdentifier?: string | null;
}

@InputType()
export class NotificationPreferenceInput {
  @Field({ description: 'A notification kind, e.g. MATCH_PROPOSED or COMMENT_ADDED' })
  kind!: string;

  @Field(() => EmailDelivery)
  delivery!: EmailDelivery;
}

@ObjectType()
export class NotificationPreference {
  @Field()
  kind!: string;

  @Field(() => EmailDelivery)
  delivery!: EmailDelivery;
}

@InputType()
export class UpdateMeInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => UnLanguage, { nullable: true })
  preferredLanguage?: UnLanguage | null;

  @Field(() => [NotificationPreferenceInput], {
    nullable: true,
    description: 'Kinds to change; kinds not named keep their setting',
  })
  notificationPreferences?: NotificationPreferenceInput[] | null;
}

@InputType({ description: 'Every field optional; all given must hold' })
export class UserFilter {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => Role, { nullable: true, description: 'Users holding this role' })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'true: active users only; false: deactivated only' })
  active?: boolean | null;
}
