import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditService } from './audit.service.js';

/** The hash-chained audit log every feature appends to. */
@Module({ providers: [AuditService, AuditSequencer, AuditResolver], exports: [AuditService] })
export class AuditModule {}
