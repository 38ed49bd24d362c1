/**
 * The JSON schemas of the live service's routes (server.ts): they validate every request,
 * serialise every response and make up the OpenAPI document.
 */

export const POOL_NAME = '^[A-Za-z0-9._-]{1,64}$';
export const ISO_WITH_ZONE = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$';

export const errorSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  required: ['statusCode', 'message'],
} as const;

export const time = { type: 'string', format: 'date-time' } as const;

export const allocationSchema = {
  type: 'object',
  required: [
    'pool',
    'policy',
    'gpus',
    'time',
    'intensityGPerKwh',
    'signalKind',
    'samplingShare',
    'evaluationShare',
    'samplingGpus',
    'evaluationGpus',
    'window',
    'validUntil',
    'stale',
    'provider',
  ],
  properties: {
    pool: { type: 'string' },
    policy: { type: 'string', description: 'the policy that decided, as simulate names it' },
    gpus: { type: 'integer' },
    time: { ...time, description: 'the moment decided for' },
    intensityGPerKwh: { type: 'number', description: 'the intensity used, gCO2eq/kWh' },
    signalKind: { type: 'string', enum: ['average', 'marginal'] },
    samplingShare: { type: 'number', description: 'λs' },
    evaluationShare: { type: 'number', description: 'λe = 1 − λs' },
    samplingGpus: { type: 'integer' },
    evaluationGpus: { type: 'integer' },
    window: {
      type: 'object',
      required: ['kind', 'from', 'to', 'minGPerKwh', 'maxGPerKwh'],
      properties: { kind: { type: 'string' }, from: time, to: time, minGPerKwh: { type: 'number' }, maxGPerKwh: { type: 'number' } },
    },
    validUntil: { ...time, description: 'the answer holds until then (the next change of its inputs)' },
    stale: { type: 'boolean', description: 'true: the provider failed and this is the last good answer' },
    staleReason: { type: 'string' },
    provider: { type: 'string' },
  },
} as const;

export const pointSchema = { type: 'object', required: ['time', 'intensityGPerKwh'], properties: { time, intensityGPerKwh: { type: 'number' } } } as const;
