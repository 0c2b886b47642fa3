import { Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { JobQueue } from './job-queue.js';

/** The job queue on PostgreSQL: mail delivery, reminders and the other scheduled work. */
@Module({ providers: [JobQueue, Clock], exports: [JobQueue, Clock] })
export class JobsModule {}
