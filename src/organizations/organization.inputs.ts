import { Field, ID, InputType } from '@nestjs/graphql';
import { OrganizationKind, Role } from '../common/enums.js';

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
