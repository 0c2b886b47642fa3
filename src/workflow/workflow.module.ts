import { Global, Module } from '@nestjs/common';
import { StatusChangeResolver } from './status-change.resolver.js';
import { StatusHistoryService } from './status-history.service.js';

/** Status history (with its audit events) shared by the request, offer and match workflows. */
@Global()
@Module({ providers: [StatusHistoryService, StatusChangeResolver], exports: [StatusHistoryService] })
export class WorkflowModule {}
