import { IatiExport } from './iati/iati-export.js';
import { IatiResolver } from './iati/iati.resolver.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { WeeklyDigest } from './weekly-digest.js';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ProviderContributionResolver, ReportingResolver } from './reporting.resolver.js';
import { ReportsService } from './reports.service.js';
import { SummaryService } from './summary.service.js';

/** Live implementation summaries and frozen CTC reports. */
@Module({
  imports: [AuditModule, JobsModule, MailModule],
  providers: [
    SummaryService,
    WeeklyDigest,
    IatiExport,
    IatiResolver,
    ReportsService,
    ReportingResolver,
    ProviderContributionResolver,
  ],
  exports: [SummaryService],
})
export class ReportingModule {}
