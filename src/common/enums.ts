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
