import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
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
