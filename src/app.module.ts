import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions, migratedDataSource, type PgTarget } from './database/data-source.js';
import { ENTITIES } from './entities.js';
import { createLoaders } from './app.loaders.js';
import { graphqlOptions } from './graphql/graphql.options.js';
import { HealthController } from './health/health.controller.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { ReferenceModule } from './reference/reference.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RequestsModule } from './requests/requests.module.js';
import { OffersModule } from './offers/offers.module.js';
import { MatchingModule } from './matching/matching.module.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { WorkflowModule } from './workflow/workflow.module.js';
import { AuthService } from './auth/auth.service.js';
import { SubscriptionEmitter } from './notifications/subscription-emitter.js';
import { RedisConnections } from './redis/redis-connections.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, RedisConnections, SubscriptionEmitter],
      exports: [APP_CONFIG, RedisConnections, SubscriptionEmitter],
    };
  }
}

/** The whole service; `target` is where PostgreSQL is (a URL or the embedded cluster's socket). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, target: PgTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Migrations run under an advisory lock (see runMigrations), not through TypeORM's migrationsRun.
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(target, ENTITIES),
          dataSourceFactory: () => migratedDataSource(target, ENTITIES),
        }),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule],
          inject: [DataSource, AuthService, SubscriptionEmitter, ModuleRef],
          useFactory: (
            dataSource: DataSource,
            auth: AuthService,
            pubsub: SubscriptionEmitter,
            moduleRef: ModuleRef,
          ) =>
            graphqlOptions(
              (viewer) => createLoaders(dataSource, viewer),
              auth.viewerOfToken,
              moduleRef,
              pubsub.emitter,
            ),
        }),
        MetricsModule,
        AuditModule,
        ReferenceModule,
        AuthModule,
        OrganizationsModule,
        WorkflowModule,
        NotificationsModule,
        RequestsModule,
        OffersModule,
        MatchingModule,
        CommentsModule,
        ReportingModule,
      ],
      controllers: [HealthController],
    };
  }
}
