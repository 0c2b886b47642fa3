import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { viewerFromClaims } from './access-token.js';
import { JWT_SECRET } from './auth.constants.js';
import type { AccessTokenClaims, Viewer } from './viewer.js';

/** Verifies access tokens: HS256 only, issuer and audience checked, expiry enforced. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(JWT_SECRET) secret: KeyObject) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken, which takes a KeyObject; its typings lag behind.
      secretOrKey: secret as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): Viewer | false {
    return viewerFromClaims(claims) ?? false;
  }
}
