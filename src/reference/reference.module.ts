import { Global, Module } from '@nestjs/common';
import { ReferenceResolver } from './reference.resolver.js';
import { ReferenceService } from './reference.service.js';

/** Member States and UN M49 regions, loaded at start and shared by every feature. */
@Global()
@Module({ providers: [ReferenceService, ReferenceResolver], exports: [ReferenceService] })
export class ReferenceModule {}
