/**
 * Loads a realistic demonstration data set (never in production):
 *   npm run seed:demo
 * Twelve requesting States across the five regions, six providers (Norway, Japan, the EU, UNODC,
 * INTERPOL, UNOCT), 40 requests across every sector and review status, 25 offers, and one user per
 * role whose credentials are printed at the end. Uses DATABASE_URL or the embedded database in DATA_DIR.
 */
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../src/viewer/viewer.js';
import { createApp } from '../src/bootstrap.js';
import {
  AssistanceType,
  Confidentiality,
  Decision,
  DeliveryMode,
  InfrastructureSector,
  MandateParagraph,
  MatchAction,
  OfferAction,
  OrganizationKind,
  PreparednessPhase,
  Priority,
  ProtectionStream,
  PublicationConsent,
  RequestAction,
  Role,
} from '../src/common/enums.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/database/data-source.js';
import { OffersService } from '../src/offers/offers.service.js';
import { MatchesService } from '../src/matching/matches.service.js';
import { ProposalsService } from '../src/matching/proposals.service.js';
import { ReportsService } from '../src/reporting/reports.service.js';
import { OrganizationsService } from '../src/organizations/organizations.service.js';
import { User } from '../src/organizations/user.entity.js';
import { RequestsService } from '../src/requests/requests.service.js';

export const DEMO_PASSWORD = 'demo-password-2341';
const MARKER = 'Demo: Republic of Kenya';

const STATES: [string, string][] = [
  ['KEN', 'Demo: Republic of Kenya'],
  ['NGA', 'Demo: Federal Republic of Nigeria'],
  ['EGY', 'Demo: Arab Republic of Egypt'],
  ['IDN', 'Demo: Republic of Indonesia'],
  ['PHL', 'Demo: Republic of the Philippines'],
  ['JOR', 'Demo: Hashemite Kingdom of Jordan'],
  ['PER', 'Demo: Republic of Peru'],
  ['COL', 'Demo: Republic of Colombia'],
  ['JAM', 'Demo: Jamaica'],
  ['FJI', 'Demo: Republic of Fiji'],
  ['UKR', 'Demo: Ukraine'],
  ['GEO', 'Demo: Georgia'],
];

const PROVIDERS: [string, OrganizationKind, string | undefined][] = [
  ['Demo: Norway', OrganizationKind.MEMBER_STATE, 'NOR'],
  ['Demo: Japan', OrganizationKind.MEMBER_STATE, 'JPN'],
  ['Demo: European Union', OrganizationKind.REGIONAL_ORGANIZATION, undefined],
  ['Demo: UNODC', OrganizationKind.UN_ENTITY, undefined],
  ['Demo: INTERPOL', OrganizationKind.INTERNATIONAL_ORGANIZATION, undefined],
  ['Demo: UNOCT', OrganizationKind.UN_ENTITY, undefined],
];

const NEEDS: [InfrastructureSector, string, string][] = [
  [
    InfrastructureSector.ENERGY,
    'Cyber defence of the national grid control centre',
    'SCADA network segmentation, monitoring and incident response for the transmission operator.',
  ],
  [
    InfrastructureSector.AIR_TRANSPORT,
    'Airport perimeter and landside security review',
    'Vulnerability assessment of landside areas and access roads of the main international airport.',
  ],
  [
    InfrastructureSector.LAND_TRANSPORT,
    'Protection of the central railway station',
    'Crowded-place protection, CCTV analytics and evacuation planning for the main rail hub.',
  ],
  [
    InfrastructureSector.MARITIME_TRANSPORT,
    'Port facility security training (ISPS)',
    'Training of port facility security officers and a table-top exercise with the coast guard.',
  ],
  [
    InfrastructureSector.BANKING_AND_FINANCE,
    'Resilience of the national payment switch',
    'Business continuity and cyber resilience testing for the interbank payment system.',
  ],
  [
    InfrastructureSector.WATER_SUPPLY,
    'Security of the capital water treatment plants',
    'Physical protection and chemical storage security at three treatment plants.',
  ],
  [
    InfrastructureSector.FOOD_DISTRIBUTION,
    'Supply-chain integrity of strategic grain reserves',
    'Risk assessment of storage and distribution of the strategic reserve against sabotage.',
  ],
  [
    InfrastructureSector.PUBLIC_HEALTH,
    'Hospital emergency preparedness for mass-casualty attacks',
    'Plans, drills and surge capacity for the two national referral hospitals.',
  ],
  [
    InfrastructureSector.INTERNET_AND_ICT,
    'National CSIRT capacity building',
    'Staffing model, tooling and training for the national computer security incident response team.',
  ],
  [
    InfrastructureSector.TOURISM,
    'Security of coastal resort areas',
    'Public-private partnership with hotel operators on protective security and staff awareness.',
  ],
  [
    InfrastructureSector.VULNERABLE_TARGETS,
    'Protection of places of worship and stadiums',
    'Guidance and training for the protection of soft targets during national events.',
  ],
  [
    InfrastructureSector.CROSS_SECTOR,
    'National critical infrastructure protection strategy',
    'Legislative review and an inter-agency strategy following CTED assessment recommendations.',
  ],
];

const OFFERS: [InfrastructureSector[], AssistanceType[], MandateParagraph, string, string][] = [
  [
    [InfrastructureSector.ENERGY, InfrastructureSector.WATER_SUPPLY],
    [AssistanceType.TRAINING],
    MandateParagraph.PARAGRAPH_9,
    'Industrial control systems security course',
    'Two-week course for operators of energy and water utilities on ICS/SCADA defence.',
  ],
  [
    [InfrastructureSector.INTERNET_AND_ICT],
    [AssistanceType.CAPACITY_DEVELOPMENT, AssistanceType.TECHNOLOGY_TRANSFER],
    MandateParagraph.PARAGRAPH_9,
    'CSIRT mentoring programme',
    'Twelve months of mentoring and tooling for a national incident response team.',
  ],
  [
    [InfrastructureSector.MARITIME_TRANSPORT],
    [AssistanceType.TRAINING, AssistanceType.TECHNICAL_ASSISTANCE],
    MandateParagraph.PARAGRAPH_11,
    'Port security expert missions',
    'Expert missions on ISPS implementation and port facility assessments.',
  ],
  [
    [InfrastructureSector.AIR_TRANSPORT, InfrastructureSector.LAND_TRANSPORT],
    [AssistanceType.TECHNICAL_ASSISTANCE],
    MandateParagraph.PARAGRAPH_12,
    'Transport hub protective security',
    'Assessments and recommendations for airports and rail stations.',
  ],
  [
    [InfrastructureSector.VULNERABLE_TARGETS, InfrastructureSector.TOURISM],
    [AssistanceType.AWARENESS_RAISING, AssistanceType.TRAINING],
    MandateParagraph.PARAGRAPH_12,
    'Soft-target protection programme',
    'Guidance, training of trainers and exercises for crowded places.',
  ],
  [
    [InfrastructureSector.CROSS_SECTOR],
    [AssistanceType.LEGISLATIVE_ASSISTANCE],
    MandateParagraph.PARAGRAPH_11,
    'Legislative drafting support',
    'Support to draft critical infrastructure protection legislation.',
  ],
  [
    [InfrastructureSector.PUBLIC_HEALTH],
    [AssistanceType.RESOURCES_AND_EQUIPMENT, AssistanceType.TRAINING],
    MandateParagraph.PARAGRAPH_9,
    'Mass-casualty preparedness kits and drills',
    'Equipment and drills for hospital emergency departments.',
  ],
  [
    [InfrastructureSector.BANKING_AND_FINANCE, InfrastructureSector.INTERNET_AND_ICT],
    [AssistanceType.PROGRAMME],
    MandateParagraph.PARAGRAPH_9,
    'Financial sector cyber resilience programme',
    'Regional programme of resilience testing and information sharing.',
  ],
];

const REQUEST_PATHS: [RequestAction, 'requester' | 'coordinator'][][] = [
  [],
  [[RequestAction.SUBMIT, 'requester']],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.REQUEST_CHANGES, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.APPROVE, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.APPROVE, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.APPROVE, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.REJECT, 'coordinator'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.WITHDRAW, 'requester'],
  ],
  [
    [RequestAction.SUBMIT, 'requester'],
    [RequestAction.START_REVIEW, 'coordinator'],
    [RequestAction.APPROVE, 'coordinator'],
    [RequestAction.CLOSE, 'coordinator'],
  ],
];
const OFFER_PATHS: OfferAction[][] = [
  [],
  [OfferAction.PUBLISH],
  [OfferAction.PUBLISH],
  [OfferAction.PUBLISH, OfferAction.PAUSE],
  [OfferAction.PUBLISH, OfferAction.CLOSE],
  [OfferAction.WITHDRAW],
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Loads the demonstration data into the service `app` (an empty database). */
export async function seed(app: INestApplication): Promise<void> {
  const organizations = app.get(OrganizationsService);
  const requests = app.get(RequestsService);
  const offers = app.get(OffersService);
  const dataSource = app.get(DataSource);
  // The demo administrator is created by the loader itself; everyone else by that administrator.
  let actor: Viewer = {
    id: '00000000-0000-4000-8000-000000000000',
    roles: [Role.ADMIN],
    organizationId: null,
  };
  const asViewer = (user: User): Viewer => ({
    id: user.id,
    roles: user.roles,
    organizationId: user.organizationId,
  });
  const user = async (email: string, displayName: string, roles: Role[], organizationId?: string) =>
    asViewer(
      await organizations.createUser(actor, {
        email,
        displayName,
        password: DEMO_PASSWORD,
        roles,
        organizationId,
      }),
    );

  const admin = await user('admin@demo.example', 'Demo administrator', [Role.ADMIN]);
  actor = admin;
  const coordinator = await user('coordinator@demo.example', 'CTED coordinator', [Role.COORDINATOR]);
  await user('observer@demo.example', 'CTC observer', [Role.CTC_OBSERVER]);
  const requesters: Viewer[] = [];
  for (const [code, name] of STATES) {
    const organization = await organizations.createOrganization(admin, {
      name,
      kind: OrganizationKind.MEMBER_STATE,
      memberStateCode: code,
    });
    const slug = code.toLowerCase();
    requesters.push(
      await user(
        slug === 'ken' ? 'requester@demo.example' : `requester.${slug}@demo.example`,
        `Focal point ${code}`,
        [Role.REQUESTER],
        organization.id,
      ),
    );
  }
  const providers: Viewer[] = [];
  for (const [name, kind, code] of PROVIDERS) {
    const organization = await organizations.createOrganization(admin, { name, kind, memberStateCode: code });
    const slug = name
      .replace('Demo: ', '')
      .toLowerCase()
      .replace(/[^a-z]+/g, '-');
    providers.push(
      await user(
        slug === 'norway' ? 'provider@demo.example' : `provider.${slug}@demo.example`,
        `Focal point ${name.replace('Demo: ', '')}`,
        [Role.PROVIDER],
        organization.id,
      ),
    );
  }

  for (let i = 0; i < 40; i += 1) {
    const [sector, title, description] = pick(NEEDS, i);
    const requester = pick(requesters, i);
    const created = await requests.create(requester, {
      title: `${title} (${pick(STATES, i)[0]})`,
      description,
      sectors: [...new Set(i % 5 === 0 ? [sector, InfrastructureSector.CROSS_SECTOR] : [sector])],
      assistanceTypes: [pick(Object.values(AssistanceType), i), pick(Object.values(AssistanceType), i + 3)],
      protectionStreams: [pick(Object.values(ProtectionStream), i)],
      phases: [pick(Object.values(PreparednessPhase), i), pick(Object.values(PreparednessPhase), i + 2)],
      mandateParagraphs: i % 3 === 0 ? [] : [pick(Object.values(MandateParagraph), i)],
      priority: pick(Object.values(Priority), i),
      confidentiality: pick(
        [
          Confidentiality.PUBLIC,
          Confidentiality.PUBLIC,
          Confidentiality.RESTRICTED,
          Confidentiality.CONFIDENTIAL,
        ],
        i,
      ),
      languages: i % 2 ? ['en'] : ['en', 'fr'],
      deliveryModes: [pick(Object.values(DeliveryMode), i)],
      desiredStart: `2027-${String((i % 12) + 1).padStart(2, '0')}-01`,
      desiredEnd: `2028-${String((i % 12) + 1).padStart(2, '0')}-01`,
      estimatedBudget: { amount: `${(50 + i * 17) * 1000}.00`, currency: pick(['USD', 'EUR'], i) },
      ctedRecommendationRef: i % 4 === 0 ? `CTED/ASSESS/${2024 + (i % 3)}/${100 + i}` : null,
    });
    for (const [action, who] of pick(REQUEST_PATHS, i)) {
      await requests.transition(
        who === 'requester' ? requester : coordinator,
        created.id,
        action,
        null,
        null,
      );
    }
  }

  for (let i = 0; i < 25; i += 1) {
    const [sectors, assistanceTypes, mandateParagraph, title, description] = pick(OFFERS, i);
    const provider = pick(providers, i);
    const created = await offers.create(provider, {
      title,
      description,
      sectors,
      assistanceTypes,
      mandateParagraph,
      protectionStreams: [pick(Object.values(ProtectionStream), i + 1)],
      phases: [pick(Object.values(PreparednessPhase), i)],
      eligibleRegions: i % 4 === 0 ? [pick(['Africa', 'Asia', 'Americas', 'Europe', 'Oceania'], i)] : [],
      languages: i % 3 ? ['en'] : ['en', 'fr', 'es'],
      deliveryModes: [pick(Object.values(DeliveryMode), i + 1)],
      availableFrom: '2027-01-01',
      availableUntil: '2028-12-31',
      capacity: 1 + (i % 5),
      budget: { amount: `${(100 + i * 25) * 1000}.00`, currency: pick(['NOK', 'JPY', 'EUR', 'USD'], i) },
      confidentiality: i % 6 === 0 ? Confidentiality.RESTRICTED : Confidentiality.PUBLIC,
    });
    for (const action of pick(OFFER_PATHS, i))
      await offers.transition(provider, created.id, action, null, null);
  }
  // Providers publish to IATI under their identifiers (demonstration values).
  for (const [index, [name]] of PROVIDERS.entries()) {
    const [organization] = (await dataSource.query('SELECT id FROM organization WHERE name = $1', [
      name,
    ])) as {
      id: string;
    }[];
    if (organization)
      await organizations.updateOrganization(admin, organization.id, {
        iatiIdentifier: `XM-DEMO-${index + 1}`,
      });
  }

  // Matches at every stage: each OPEN request, in the order made, is proposed the first published
  // offer that fits it (in the order made too, so the same data gives the same matches).
  const proposals = app.get(ProposalsService);
  const matches = app.get(MatchesService);
  const byOrganization = (viewers: Viewer[], id: string) => viewers.find((v) => v.organizationId === id);
  const open = (await dataSource.query(
    `SELECT id, requesting_organization_id, confidentiality FROM assistance_request WHERE status = 'OPEN' ORDER BY created_at, reference`,
  )) as { id: string; requesting_organization_id: string; confidentiality: Confidentiality }[];
  const published = (await dataSource.query(
    `SELECT id, provider_organization_id FROM assistance_offer WHERE status = 'PUBLISHED' ORDER BY created_at, reference`,
  )) as { id: string; provider_organization_id: string }[];
  let made = 0;
  for (const request of open) {
    for (const offer of published) {
      const requester = byOrganization(requesters, request.requesting_organization_id);
      const provider = byOrganization(providers, offer.provider_organization_id);
      if (!requester || !provider) continue;
      let match;
      try {
        match = await proposals.propose(coordinator, { requestId: request.id, offerId: offer.id });
      } catch {
        continue; // does not fit, or no capacity left: try the next offer
      }
      const stage = made % 5;
      made += 1;
      if (stage > 0) {
        await matches.respond(provider, match.id, Decision.ACCEPT, null);
        await matches.respond(requester, match.id, Decision.ACCEPT, 'Welcome');
      }
      if (stage >= 2) await matches.transition(provider, match.id, MatchAction.START_DELIVERY, null, null);
      if (stage >= 3) await matches.transition(provider, match.id, MatchAction.MARK_DELIVERED, null, null);
      if (stage >= 4) {
        await matches.evaluate(requester, match.id, {
          rating: 5,
          outcomeSummary: 'Operators trained and procedures in place',
          goodPractice: 'Joint exercises with the operators before the handover',
        });
      }
      // The requesting State lets its provider publish what it agreed (its own text for some).
      if (stage > 0 && request.confidentiality !== Confidentiality.PUBLIC) {
        await matches.setPublicationConsent(
          requester,
          match.id,
          made % 2 ? PublicationConsent.WITH_TEXT : PublicationConsent.WITHOUT_TEXT,
        );
      }
      break;
    }
  }
  const year = new Date().getUTCFullYear();
  await app.get(ReportsService).generate(coordinator, `Implementation of resolution 2341 in ${year}`, {
    from: `${year}-01-01`,
    to: `${year}-12-31`,
  });
  const [{ requests: r, offers: o, matches: m }] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM assistance_request) AS requests, (SELECT count(*)::int FROM assistance_offer) AS offers,
            (SELECT count(*)::int FROM match) AS matches`,
  );
  console.log(`demo data loaded: ${r} requests, ${o} offers, ${m} matches, a frozen CTC report`);
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  if (config.nodeEnv === 'production') {
    console.error('seed:demo refuses to run with NODE_ENV=production');
    process.exit(1);
  }
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: () => undefined, warn: (m) => logger.warn(m) });
  try {
    const app = await createApp(config, database.target, logger);
    await app.init();
    try {
      const loaded = await app.get(DataSource).query('SELECT 1 FROM organization WHERE name = $1', [MARKER]);
      if (loaded.length) console.log('demo data already loaded; nothing to do');
      else await seed(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
  console.log(`
Demo users (password for all: ${DEMO_PASSWORD}):
  admin@demo.example        ADMIN
  coordinator@demo.example  COORDINATOR
  requester@demo.example    REQUESTER (Kenya)
  provider@demo.example     PROVIDER (Norway)
  observer@demo.example     CTC_OBSERVER`);
}

// Run as a script (npm run seed:demo), not when a test imports `seed`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
