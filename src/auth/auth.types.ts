import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}

@ObjectType()
export class AuthPayload {
  @Field()
  accessToken!: string;

  @Field()
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until accessToken expires' })
  expiresIn!: number;

  @Field(() => User)
  user!: User;
}

@InputType()
export class InviteUserInput {
  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => ID, {
    nullable: true,
    description:
      "Required for REQUESTER and PROVIDER; a focal point's own (the default when a focal point invites)",
  })
  organizationId?: string | null;
}
