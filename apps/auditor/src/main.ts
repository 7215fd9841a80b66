import 'reflect-metadata';
import { runService } from '@arctrigger/service-kit';
import { AuditorConfig } from './config';
import { AuditorModule } from './auditor.module';

void runService({ service: 'auditor', configSchema: AuditorConfig, module: AuditorModule });
