/**
 * The HTTP face of the live service (Fastify): the pool's split, the intensity and its
 * forecast, health, Prometheus metrics and the OpenAPI document generated from the same
 * JSON schemas that validate every request and serialise every response. Every route but
 * /health requires the bearer token when one is set.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isoSeconds } from '../carbon/trace.js';
import { parseTimestamp } from '../carbon/trace-csv.js';
import type { Decision } from './decide.js';
import { ProviderError, readingAt, rowsBetween } from './provider.js';
import { allocationSchema, errorSchema, ISO_WITH_ZONE, pointSchema, POOL_NAME, time } from './schemas.js';
import type { LiveService } from './service.js';
import { SECONDS_PER_HOUR } from '../units.js';

export interface ServerOptions {
  readonly service: LiveService;
  /** Required as `Authorization: Bearer …` on every route but /health when set. */
  readonly token?: string | undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function windowLabel(decisionWindow: { kind: string; hours?: number }): string {
  return decisionWindow.hours === undefined ? decisionWindow.kind : `${decisionWindow.kind}:${decisionWindow.hours}`;
}

export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; registry: Registry }> {
  const { service } = options;
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    // One line naming the input and what is wrong with it.
    schemaErrorFormatter: (errors, dataVar) => {
      const [error] = errors;
      const extra = error?.params as { additionalProperty?: string } | undefined;
      const path = `${dataVar}${error?.instancePath.replace(/\//g, '.') ?? ''}`;
      const message = extra?.additionalProperty !== undefined ? `unknown parameter '${extra.additionalProperty}'` : (error?.message ?? 'invalid');
      return new Error(`${path}: ${message}`);
    },
  });
  const registry = new Registry();
  const requests = new Counter({
    name: 'ce_nas_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ce_nas_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 1],
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'ce_nas_decisions_total',
    help: 'allocation decisions computed (not served from cache)',
    labelNames: ['pool'],
    registers: [registry],
  });
  const providerFailures = new Counter({ name: 'ce_nas_provider_failures_total', help: 'failed requests to the carbon provider', registers: [registry] });
  const staleAnswers = new Counter({
    name: 'ce_nas_stale_answers_total',
    help: 'answers served from cache because the provider failed',
    labelNames: ['what'],
    registers: [registry],
  });
  const intensity = new Gauge({
    name: 'ce_nas_intensity_g_per_kwh',
    help: 'intensity of the last decision, gCO2eq/kWh',
    labelNames: ['pool'],
    registers: [registry],
  });
  const samplingGpus = new Gauge({ name: 'ce_nas_sampling_gpus', help: 'sampling GPUs of the last decision', labelNames: ['pool'], registers: [registry] });
  const evaluationGpus = new Gauge({
    name: 'ce_nas_evaluation_gpus',
    help: 'evaluation GPUs of the last decision',
    labelNames: ['pool'],
    registers: [registry],
  });
  Object.assign(service.events, {
    onDecision: (pool: string, decision: Decision) => {
      decisions.inc({ pool });
      intensity.set({ pool }, decision.intensityGPerKwh);
      samplingGpus.set({ pool }, decision.samplingGpus);
      evaluationGpus.set({ pool }, decision.evaluationGpus);
    },
    onProviderFailure: () => providerFailures.inc(),
    onStale: (what: string) => staleAnswers.inc({ what }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ce-nas live allocation service',
        version: '0.1.0',
        description: 'CE-NAS GPU allocation between sampling and evaluation from a carbon-intensity signal',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(options.token === undefined ? {} : { security: [{ bearer: [] }] }),
    },
  });

  const expected = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);
  if (expected !== undefined)
    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/health') return;
      const given = request.headers.authorization;
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        await reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ statusCode: 401, error: 'Unauthorized', message: 'a valid bearer token is required (Authorization: Bearer …)' });
      }
    });
  // Labelled children looked up once per route and status, not per request (the hot path).
  const children = new Map<string, { count: Counter; time: Histogram }>();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${route} ${reply.statusCode}`;
    let child = children.get(key);
    if (child === undefined) {
      child = { count: requests.labels(route, String(reply.statusCode)) as unknown as Counter, time: latency.labels(route) as unknown as Histogram };
      children.set(key, child);
    }
    child.count.inc();
    child.time.observe(reply.elapsedTime / 1000);
  });

  const serialised = new WeakMap<Decision, { fresh?: string; stale?: string; staleReason?: string | undefined }>();
  const unavailable = (message: string) => ({ statusCode: 503, error: 'Service Unavailable', message });
  const signalKind = service.provider.kind;

  app.get<{ Params: { pool: string }; Querystring: { at?: string } }>(
    '/v1/pools/:pool/allocation',
    {
      schema: {
        summary: "the pool's split into sampling and evaluation GPUs now (or at a past moment of its search)",
        params: { type: 'object', required: ['pool'], additionalProperties: false, properties: { pool: { type: 'string', pattern: POOL_NAME } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { at: { type: 'string', pattern: ISO_WITH_ZONE, description: 'decide for this moment (not after now, within the search)' } },
        },
        response: { 200: allocationSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const { pool } = request.params;
      const settings = service.poolSettings(pool);
      if (settings === undefined)
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no pool '${pool}'; pools: ${service.poolNames().join(', ')}` });
      let atS: number | undefined;
      if (request.query.at !== undefined) {
        atS = parseTimestamp(request.query.at, true);
        const nowS = service.provider.clock.nowS();
        if (atS === undefined)
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `at: '${request.query.at}' is not a valid timestamp` });
        if (atS > nowS)
          return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `at: ${isoSeconds(atS)} is after now (${isoSeconds(nowS)})` });
        if (atS < settings.searchStartS || atS >= settings.searchEndS) {
          return reply.code(400).send({
            statusCode: 400,
            error: 'Bad Request',
            message: `at: ${isoSeconds(atS)} is outside the pool's search [${isoSeconds(settings.searchStartS)}, ${isoSeconds(settings.searchEndS)})`,
          });
        }
      }
      let answer;
      try {
        answer = (atS === undefined ? service.cachedAllocation(pool) : undefined) ?? (await service.allocation(pool, atS));
      } catch (error) {
        if (error instanceof ProviderError || error instanceof RangeError) return reply.code(503).send(unavailable(error.message));
        throw error;
      }
      const decision = answer!.value;
      // The body of a decision is built and serialised once, then reused until the decision changes.
      const bodies = serialised.get(decision) ?? {};
      serialised.set(decision, bodies);
      const reuse = answer!.stale ? (bodies.staleReason === answer!.reason ? bodies.stale : undefined) : bodies.fresh;
      if (reuse !== undefined) return reply.type('application/json; charset=utf-8').send(reuse);
      const body = {
        pool,
        policy: service.policyName(pool)!,
        gpus: settings.gpus,
        time: isoSeconds(decision.timeS),
        intensityGPerKwh: decision.intensityGPerKwh,
        signalKind,
        samplingShare: decision.samplingShare,
        evaluationShare: 1 - decision.samplingShare,
        samplingGpus: decision.samplingGpus,
        evaluationGpus: decision.evaluationGpus,
        window: {
          kind: windowLabel(settings.window as { kind: string; hours?: number }),
          from: isoSeconds(decision.window.fromS),
          to: isoSeconds(decision.window.toS),
          minGPerKwh: decision.window.minGPerKwh,
          maxGPerKwh: decision.window.maxGPerKwh,
        },
        validUntil: isoSeconds(decision.validUntilS),
        stale: answer!.stale,
        ...(answer!.reason === undefined ? {} : { staleReason: answer!.reason }),
        provider: service.provider.description,
      };
      const text = reply.serializeInput(body, '200') as string;
      if (answer!.stale) Object.assign(bodies, { stale: text, staleReason: answer!.reason });
      else bodies.fresh = text;
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );

  app.get(
    '/v1/intensity',
    {
      schema: {
        summary: 'the carbon intensity in force now',
        response: {
          200: {
            type: 'object',
            required: ['time', 'intensityGPerKwh', 'signalKind', 'rowStart', 'validUntil', 'stale', 'provider'],
            properties: {
              time,
              intensityGPerKwh: { type: 'number' },
              signalKind: { type: 'string' },
              rowStart: time,
              validUntil: time,
              stale: { type: 'boolean' },
              provider: { type: 'string' },
            },
          },
          401: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (_request, reply) => {
      try {
        const { value: trace, stale } = await service.signalAnswer();
        const reading = readingAt(trace, service.provider.clock.nowS());
        return {
          time: isoSeconds(reading.timeS),
          intensityGPerKwh: reading.intensityGPerKwh,
          signalKind,
          rowStart: isoSeconds(reading.rowStartS),
          validUntil: isoSeconds(reading.rowEndS),
          stale,
          provider: service.provider.description,
        };
      } catch (error) {
        if (error instanceof ProviderError) return reply.code(503).send(unavailable(error.message));
        throw error;
      }
    },
  );

  app.get<{ Querystring: { hours: number } }>(
    '/v1/forecast',
    {
      schema: {
        summary: 'the intensity from now on, as far as the provider forecasts (a replay forecasts perfectly)',
        querystring: { type: 'object', additionalProperties: false, properties: { hours: { type: 'number', exclusiveMinimum: 0, maximum: 168, default: 24 } } },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'signalKind', 'points', 'stale', 'provider'],
            properties: {
              from: time,
              to: time,
              signalKind: { type: 'string' },
              points: { type: 'array', items: pointSchema },
              stale: { type: 'boolean' },
              provider: { type: 'string' },
            },
          },
          400: errorSchema,
          401: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request, reply) => {
      try {
        const { value: trace, stale } = await service.signalAnswer();
        const fromS = service.provider.clock.nowS();
        const toS = Math.min(trace.endS, fromS + request.query.hours * SECONDS_PER_HOUR);
        const points = rowsBetween(trace, fromS, toS).map((point) => ({ time: isoSeconds(point.timeS), intensityGPerKwh: point.intensityGPerKwh }));
        return { from: isoSeconds(fromS), to: isoSeconds(Math.max(fromS, toS)), signalKind, points, stale, provider: service.provider.description };
      } catch (error) {
        if (error instanceof ProviderError) return reply.code(503).send(unavailable(error.message));
        throw error;
      }
    },
  );

  app.get(
    '/v1/pools',
    {
      schema: {
        summary: 'the pools this service allocates',
        response: {
          200: {
            type: 'object',
            properties: {
              pools: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    gpus: { type: 'integer' },
                    policy: { type: 'string' },
                    window: { type: 'string' },
                    searchStart: time,
                    searchEnd: time,
                  },
                },
              },
            },
          },
          401: errorSchema,
        },
      },
    },
    async () => ({
      pools: service.poolNames().map((name) => {
        const settings = service.poolSettings(name)!;
        return {
          name,
          gpus: settings.gpus,
          policy: service.policyName(name)!,
          window: windowLabel(settings.window as { kind: string; hours?: number }),
          searchStart: isoSeconds(settings.searchStartS),
          searchEnd: isoSeconds(settings.searchEndS),
        };
      }),
    }),
  );

  app.get(
    '/health',
    {
      schema: {
        summary: "liveness and the provider's state (no token needed)",
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['status', 'now', 'clockSpeed', 'provider'],
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded'] },
              now: time,
              clockSpeed: { type: 'number' },
              provider: { type: 'string' },
              lastProviderSuccess: time,
              lastProviderError: { type: 'string' },
            },
          },
        },
      },
    },
    async () => {
      const error = service.failure;
      const success = service.lastProviderSuccessMs;
      const degraded = error !== undefined;
      return {
        status: degraded ? 'degraded' : 'ok',
        now: isoSeconds(service.provider.clock.nowS()),
        clockSpeed: service.provider.clock.speed,
        provider: service.provider.description,
        ...(success === undefined ? {} : { lastProviderSuccess: new Date(success).toISOString() }),
        ...(error === undefined ? {} : { lastProviderError: error.message }),
      };
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return { app, registry };
}
