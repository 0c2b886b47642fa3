import {
  AssistanceType,
  Confidentiality,
  InfrastructureSector,
  Priority,
  RequestStatus,
} from '../common/enums.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { AssistanceRequest } from './assistance-request.entity.js';
import { fieldsFromCreate, fieldsFromUpdate, validateRequestFields } from './request-fields.js';
import type { CreateRequestInput, UpdateRequestInput } from './request.inputs.js';

const reference = {
  memberState: (code: string) => (code === 'KEN' ? { code, region: 'Africa' } : undefined),
} as unknown as ReferenceService;

const create: CreateRequestInput = {
  title: 'Grid protection',
  description: 'Training for grid operators',
  sectors: [InfrastructureSector.ENERGY],
  assistanceTypes: [AssistanceType.TRAINING],
};

const stored = {
  ...validateRequestFields(fieldsFromCreate(create, 'KEN'), reference),
  status: RequestStatus.DRAFT,
} as AssistanceRequest;

/** An update that sends null for fields a client may not clear. */
const nulled = (input: Record<string, null>) => input as unknown as UpdateRequestInput;

/** The field a refused input names. */
function refused(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
  throw new Error('accepted');
}

describe('request fields', () => {
  it('defaults a new request to its own State, MEDIUM priority and RESTRICTED', () => {
    expect(validateRequestFields(fieldsFromCreate(create, 'KEN'), reference)).toMatchObject({
      beneficiaryStateCodes: ['KEN'],
      beneficiaryRegions: ['Africa'],
      priority: Priority.MEDIUM,
      confidentiality: Confidentiality.RESTRICTED,
      desiredStart: null,
      desiredEnd: null,
      budgetAmount: null,
      protectionStreams: [],
    });
  });

  it('keeps omitted fields of an update and clears nulled optional ones', () => {
    const update: UpdateRequestInput = {
      title: 'Grid and water',
      desiredStart: '2026-03-01',
      languages: null,
    };
    expect(validateRequestFields(fieldsFromUpdate(stored, update), reference)).toMatchObject({
      title: 'Grid and water',
      description: create.description,
      desiredStart: '2026-03-01',
      languages: [],
      beneficiaryStateCodes: ['KEN'],
    });
  });

  it('refuses nulled required fields of an update in the order of the form', () => {
    const nulls = { beneficiaryStateCodes: null, sectors: null, priority: null, confidentiality: null };
    expect(refused(() => fieldsFromUpdate(stored, nulled(nulls)))).toBe('input.beneficiaryStateCodes');
    const { beneficiaryStateCodes: _b, ...rest } = nulls;
    expect(refused(() => fieldsFromUpdate(stored, nulled(rest)))).toBe('input.sectors');
    expect(refused(() => fieldsFromUpdate(stored, nulled({ priority: null, confidentiality: null })))).toBe(
      'input.priority',
    );
  });

  it('checks the beneficiaries, then the period, the budget and the text fields', () => {
    const bad = {
      beneficiaryStateCodes: ['XXX'],
      desiredStart: '2026-02-30',
      estimatedBudget: { amount: '-1', currency: 'EUR' },
      title: '',
    };
    const check = (input: UpdateRequestInput) =>
      refused(() => validateRequestFields(fieldsFromUpdate(stored, input), reference));
    expect(check(bad)).toBe('input.beneficiaryStateCodes');
    const { beneficiaryStateCodes: _b, ...period } = bad;
    expect(check(period)).toBe('input.desiredStart');
    const { desiredStart: _s, ...budget } = period;
    expect(check(budget)).toBe('input.estimatedBudget.amount');
    const { estimatedBudget: _e, ...title } = budget;
    expect(check(title)).toBe('input.title');
  });
});
