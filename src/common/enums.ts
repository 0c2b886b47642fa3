import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  REQUESTER = 'REQUESTER',
  PROVIDER = 'PROVIDER',
  CTC_OBSERVER = 'CTC_OBSERVER',
}

export enum OrganizationKind {
  MEMBER_STATE = 'MEMBER_STATE',
  UN_ENTITY = 'UN_ENTITY',
  INTERNATIONAL_ORGANIZATION = 'INTERNATIONAL_ORGANIZATION',
  REGIONAL_ORGANIZATION = 'REGIONAL_ORGANIZATION',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  CIVIL_SOCIETY = 'CIVIL_SOCIETY',
}

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    ADMIN: { description: 'Manages users, organizations and reference data' },
    COORDINATOR: {
      description:
        'CTED / CTITF staff: reviews requests, proposes matches, runs matching rounds, issues CTC reports',
    },
    REQUESTER: {
      description: "Focal point of a requesting Member State: posts and manages its State's needs",
    },
    PROVIDER: {
      description: 'Focal point of a donor State, agency or organization: posts and manages its offers',
    },
    CTC_OBSERVER: {
      description: 'CTC member or observer: reads public items, summaries and CTC reports only',
    },
  },
});
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

/** How a kind of notification reaches a user's inbox. */
export enum EmailDelivery {
  IMMEDIATE = 'IMMEDIATE',
  DIGEST = 'DIGEST',
  OFF = 'OFF',
}

registerEnumType(EmailDelivery, {
  name: 'EmailDelivery',
  valuesMap: {
    IMMEDIATE: { description: 'An e-mail as soon as it happens' },
    DIGEST: { description: 'Gathered into one e-mail a day' },
    OFF: { description: 'No e-mail (still listed in myNotifications)' },
  },
});

/** The six official languages of the United Nations (ISO 639-1 codes, upper-cased). */
export enum UnLanguage {
  AR = 'AR',
  ZH = 'ZH',
  EN = 'EN',
  FR = 'FR',
  RU = 'RU',
  ES = 'ES',
}

registerEnumType(UnLanguage, {
  name: 'UnLanguage',
  description: 'One of the six official languages of the United Nations',
  valuesMap: {
    AR: { description: 'Arabic' },
    ZH: { description: 'Chinese' },
    EN: { description: 'English' },
    FR: { description: 'French' },
    RU: { description: 'Russian' },
    ES: { description: 'Spanish' },
  },
});

/** Critical-infrastructure sectors named in resolution 2341 (preamble and para 12). */
export enum InfrastructureSector {
  ENERGY = 'ENERGY',
  AIR_TRANSPORT = 'AIR_TRANSPORT',
  LAND_TRANSPORT = 'LAND_TRANSPORT',
  MARITIME_TRANSPORT = 'MARITIME_TRANSPORT',
  BANKING_AND_FINANCE = 'BANKING_AND_FINANCE',
  WATER_SUPPLY = 'WATER_SUPPLY',
  FOOD_DISTRIBUTION = 'FOOD_DISTRIBUTION',
  PUBLIC_HEALTH = 'PUBLIC_HEALTH',
  INTERNET_AND_ICT = 'INTERNET_AND_ICT',
  TOURISM = 'TOURISM',
  VULNERABLE_TARGETS = 'VULNERABLE_TARGETS',
  CROSS_SECTOR = 'CROSS_SECTOR',
}

export enum AssistanceType {
  CAPACITY_DEVELOPMENT = 'CAPACITY_DEVELOPMENT',
  TRAINING = 'TRAINING',
  RESOURCES_AND_EQUIPMENT = 'RESOURCES_AND_EQUIPMENT',
  TECHNICAL_ASSISTANCE = 'TECHNICAL_ASSISTANCE',
  TECHNOLOGY_TRANSFER = 'TECHNOLOGY_TRANSFER',
  PROGRAMME = 'PROGRAMME',
  AWARENESS_RAISING = 'AWARENESS_RAISING',
  LEGISLATIVE_ASSISTANCE = 'LEGISLATIVE_ASSISTANCE',
}

export enum ProtectionStream {
  PLANNING = 'PLANNING',
  PUBLIC_INFORMATION_AND_WARNING = 'PUBLIC_INFORMATION_AND_WARNING',
  OPERATIONAL_COORDINATION = 'OPERATIONAL_COORDINATION',
  INTELLIGENCE_AND_INFORMATION_SHARING = 'INTELLIGENCE_AND_INFORMATION_SHARING',
  INTERDICTION_AND_DISRUPTION = 'INTERDICTION_AND_DISRUPTION',
  SCREENING_SEARCH_AND_DETECTION = 'SCREENING_SEARCH_AND_DETECTION',
  ACCESS_CONTROL_AND_IDENTITY_VERIFICATION = 'ACCESS_CONTROL_AND_IDENTITY_VERIFICATION',
  CYBERSECURITY = 'CYBERSECURITY',
  PHYSICAL_PROTECTIVE_MEASURES = 'PHYSICAL_PROTECTIVE_MEASURES',
  RISK_MANAGEMENT = 'RISK_MANAGEMENT',
  SUPPLY_CHAIN_INTEGRITY_AND_SECURITY = 'SUPPLY_CHAIN_INTEGRITY_AND_SECURITY',
}

export enum PreparednessPhase {
  PREVENTION = 'PREVENTION',
  PROTECTION = 'PROTECTION',
  MITIGATION = 'MITIGATION',
  PREPAREDNESS = 'PREPAREDNESS',
  INVESTIGATION = 'INVESTIGATION',
  RESPONSE = 'RESPONSE',
  RECOVERY = 'RECOVERY',
}

export enum MandateParagraph {
  PARAGRAPH_9 = 'PARAGRAPH_9',
  PARAGRAPH_11 = 'PARAGRAPH_11',
  PARAGRAPH_12 = 'PARAGRAPH_12',
}

export enum Confidentiality {
  PUBLIC = 'PUBLIC',
  RESTRICTED = 'RESTRICTED',
  CONFIDENTIAL = 'CONFIDENTIAL',
}

export enum Priority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum DeliveryMode {
  IN_PERSON = 'IN_PERSON',
  REMOTE = 'REMOTE',
  HYBRID = 'HYBRID',
}

export enum RequestStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  OPEN = 'OPEN',
  MATCHED = 'MATCHED',
  IN_DELIVERY = 'IN_DELIVERY',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
  REJECTED = 'REJECTED',
  CLOSED = 'CLOSED',
}

export enum RequestAction {
  SUBMIT = 'SUBMIT',
  START_REVIEW = 'START_REVIEW',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  WITHDRAW = 'WITHDRAW',
  CLOSE = 'CLOSE',
}

export enum OfferStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  PAUSED = 'PAUSED',
  EXHAUSTED = 'EXHAUSTED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum OfferAction {
  PUBLISH = 'PUBLISH',
  PAUSE = 'PAUSE',
  RESUME = 'RESUME',
  CLOSE = 'CLOSE',
  WITHDRAW = 'WITHDRAW',
}

registerEnumType(InfrastructureSector, {
  name: 'InfrastructureSector',
  description: 'Critical-infrastructure sectors named in resolution 2341 (preamble and para 12).',
});
registerEnumType(AssistanceType, {
  name: 'AssistanceType',
  description:
    'Kinds of assistance named in para 9, plus awareness raising (para 11) and legislative help (para 3).',
});
registerEnumType(ProtectionStream, {
  name: 'ProtectionStream',
  description: "Streams of protection effort listed in the resolution's preamble.",
});
registerEnumType(PreparednessPhase, {
  name: 'PreparednessPhase',
  description: 'Phases named in para 4 and the preamble.',
});
registerEnumType(MandateParagraph, {
  name: 'MandateParagraph',
  description: 'The paragraph of resolution 2341 under which assistance is sought or delivered.',
});
registerEnumType(Confidentiality, {
  name: 'Confidentiality',
  valuesMap: {
    PUBLIC: { description: 'Any signed-in user' },
    RESTRICTED: { description: 'Coordinators, the owning organization, and every PROVIDER organization' },
    CONFIDENTIAL: {
      description: 'Coordinators, the owning organization, and organizations party to a match on it',
    },
  },
});
registerEnumType(Priority, { name: 'Priority' });
registerEnumType(DeliveryMode, { name: 'DeliveryMode' });
registerEnumType(RequestStatus, { name: 'RequestStatus' });
registerEnumType(RequestAction, {
  name: 'RequestAction',
  description: `DRAFT -SUBMIT-> SUBMITTED -START_REVIEW-> UNDER_REVIEW -APPROVE-> OPEN
UNDER_REVIEW -REQUEST_CHANGES-> CHANGES_REQUESTED -SUBMIT-> SUBMITTED
UNDER_REVIEW -REJECT-> REJECTED
any of DRAFT, SUBMITTED, UNDER_REVIEW, CHANGES_REQUESTED, OPEN, MATCHED -WITHDRAW-> WITHDRAWN (requester)
OPEN or MATCHED -CLOSE-> CLOSED (coordinator)
OPEN -> MATCHED when a match on it becomes AGREED; MATCHED -> IN_DELIVERY when one starts
delivery; IN_DELIVERY -> COMPLETED when every agreed match on it is DELIVERED (automatic).`,
});
registerEnumType(OfferStatus, { name: 'OfferStatus' });
registerEnumType(OfferAction, {
  name: 'OfferAction',
  description: `DRAFT -PUBLISH-> PUBLISHED -PAUSE-> PAUSED -RESUME-> PUBLISHED
PUBLISHED or PAUSED -CLOSE-> CLOSED (by the service itself once availableUntil has passed);
DRAFT, PUBLISHED or PAUSED -WITHDRAW-> WITHDRAWN
PUBLISHED -> EXHAUSTED when remainingCapacity reaches 0 (automatic), and back when capacity frees.`,
});

export enum MatchStatus {
  PROPOSED = 'PROPOSED',
  AGREED = 'AGREED',
  IN_DELIVERY = 'IN_DELIVERY',
  DELIVERED = 'DELIVERED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  /** Unanswered for MATCH_EXPIRY_DAYS: the service ended the proposal and freed its pair. */
  EXPIRED = 'EXPIRED',
}

export enum MatchAction {
  START_DELIVERY = 'START_DELIVERY',
  MARK_DELIVERED = 'MARK_DELIVERED',
  CANCEL = 'CANCEL',
}

export enum Decision {
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
}

/** What the requesting organization lets the provider publish of a match (IATI export). */
export enum PublicationConsent {
  NONE = 'NONE',
  WITHOUT_TEXT = 'WITHOUT_TEXT',
  WITH_TEXT = 'WITH_TEXT',
}

registerEnumType(PublicationConsent, {
  name: 'PublicationConsent',
  description: `The requesting organization's consent to publishing a match whose request or offer is not PUBLIC
(setMatchPublicationConsent): NONE keeps it out of IATI exports; WITHOUT_TEXT publishes the activity with
the sector summary in place of titles and descriptions; WITH_TEXT publishes the request's title and
description as written (an offer's text is published only when the offer is PUBLIC).
A match whose request and offer are both PUBLIC is published without consent.`,
  valuesMap: {
    NONE: { description: 'Not published (the default)' },
    WITHOUT_TEXT: { description: 'Published with the sector summary in place of titles and descriptions' },
    WITH_TEXT: { description: 'Published with its titles and descriptions' },
  },
});

export enum PartyDecision {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

registerEnumType(MatchStatus, { name: 'MatchStatus' });
registerEnumType(MatchAction, {
  name: 'MatchAction',
  description: `PROPOSED -> AGREED once both parties ACCEPT (the initiating party's acceptance is implied);
PROPOSED -> DECLINED once either party DECLINEs;
PROPOSED -> EXPIRED by the service when a party has not answered within MATCH_EXPIRY_DAYS (30);
AGREED -START_DELIVERY-> IN_DELIVERY -MARK_DELIVERED-> DELIVERED (provider or coordinator);
PROPOSED, AGREED or IN_DELIVERY -CANCEL-> CANCELLED (coordinator, or a party before delivery).
Agreeing consumes one unit of the offer's capacity; cancelling an AGREED or IN_DELIVERY
match frees it. Capacity is never oversubscribed, whatever the concurrency.`,
});
registerEnumType(Decision, { name: 'Decision' });
registerEnumType(PartyDecision, { name: 'PartyDecision' });
