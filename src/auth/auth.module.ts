import { createSecretKey, type KeyObject } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '../audit/audit.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { AccountsService } from './accounts.service.js';
import { ACCESS_TOKEN_TTL_MAX_SECONDS, APP_CONFIG, type AppConfig } from '../config/config.js';
import { JWT_SECRET } from './auth.constants.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { GqlAuthGuard } from './gql-auth.guard.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { RevokedFamilies } from './revoked-families.js';
import { TokensService } from './tokens.service.js';
import { RedisConnections } from '../redis/redis-connections.js';

/** The JWT signing key, as a KeyObject built once (for the JWT module). */
const SIGNING_KEY = {
  provide: JWT_SECRET,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createSecretKey(Buffer.from(resolveJwtSecret(config))),
};

/** Revoked sign-ins, shared through Redis when configured; remembered as long as an access token lives. */
const REVOKED_FAMILIES = {
  provide: RevokedFamilies,
  inject: [APP_CONFIG, RedisConnections],
  useFactory: (config: AppConfig, redis: RedisConnections) =>
    new RevokedFamilies({
      redis,
      keyPrefix: config.redisKeyPrefix,
      ttlSeconds: ACCESS_TOKEN_TTL_MAX_SECONDS,
    }),
};

/** Sign-in, rotating refresh tokens, access-token checks and the global auth + role guard. */
@Global()
@Module({
  imports: [
    AuditModule,
    JobsModule,
    MailModule,
    OrganizationsModule,
    JwtModule.registerAsync({
      inject: [JWT_SECRET],
      // A KeyObject built once: given a string, jsonwebtoken would parse the key again on every call.
      useFactory: (key: KeyObject) => ({
        privateKey: key,
        publicKey: key,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
      extraProviders: [SIGNING_KEY],
    }),
  ],
  providers: [
    SIGNING_KEY,
    REVOKED_FAMILIES,
    TokensService,
    AuthService,
    AccountsService,
    AuthResolver,
    { provide: APP_GUARD, useClass: GqlAuthGuard },
  ],
  exports: [AuthService, TokensService, RevokedFamilies, JwtModule],
})
export class AuthModule {}
