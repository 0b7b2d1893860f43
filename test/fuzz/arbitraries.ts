import fc from "fast-check";
import { COMMAND_NAMES, CommandBodies, type CommandName } from "../../shared/commands";
import {
  AGENCIES,
  ALERT_AUDIENCES,
  ALERT_PRIORITIES,
  CLOSE_RESULTS,
  GRADES,
  INCIDENT_SOURCES,
  INCIDENT_TYPES,
  UNIT_KINDS,
  UNIT_STATUSES,
} from "../../shared/domain";

/**
 * Inputs for the fuzz suite (issue 8 item 8): mostly well-formed commands with ids that may or
 * may not exist (and prototype names), some with one field made wrong, some pure garbage, so the
 * cases reach the domain rules as well as the schemas.
 */

export const ROLES = ["commander", "controller", "steward", "officer"] as const;
export type FuzzRole = (typeof ROLES)[number];

/** Names an attacker tries because plain objects answer to them. */
const PROTO_NAMES = ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf", "prototype", "isPrototypeOf"];

const id = (prefix: string, max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max }).map((n) => `${prefix}-${n}`) },
    { weight: 2, arbitrary: fc.constantFrom(...PROTO_NAMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
  );
const unitId = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("psu-12a", "psu-14b", "las-1", "psu-99") },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_NAMES, "constructor") },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,40}$/) },
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.lorem({ maxCount: 6 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "x".repeat(2500), "PSU 12A \u0000 \u202e") },
);
const latLng = fc.record({ lat: fc.double({ min: -100, max: 100, noNaN: false }), lng: fc.double({ min: -200, max: 200 }) });
const nearWembley = fc.record({
  lat: fc.double({ min: 51.55, max: 51.565, noNaN: true }),
  lng: fc.double({ min: -0.3, max: -0.27, noNaN: true }),
});
const sector = fc.option(fc.constantFrom("olympic-way", "stadium-west", "stadium-north", "nowhere", "__proto__"), { nil: null });

/** A value for each field name the command bodies use. */
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  phase: text,
  unitId,
  parentId: fc.option(unitId, { nil: null }),
  callSign: text,
  kind: fc.constantFrom(...UNIT_KINDS, "tank"),
  agency: fc.constantFrom(...AGENCIES, "FBI"),
  sector,
  strength: fc.option(fc.integer({ min: -5, max: 300 }), { nil: null }),
  status: fc.constantFrom(...UNIT_STATUSES, "asleep"),
  type: fc.constantFrom(...INCIDENT_TYPES, "alien"),
  grade: fc.constantFrom(...GRADES, "Z"),
  location: fc.oneof(nearWembley, latLng, fc.constant(null)),
  locationText: text,
  description: text,
  incidentId: id("inc", 12),
  reportId: id("rep", 12),
  text,
  intel: fc.boolean(),
  outcome: text,
  postId: fc.option(fc.constantFrom("post-ow-boxpark", "post-ts-entrance-h", "post-red-gate", "post-nowhere", "constructor"), {
    nil: null,
  }),
  reporterTime: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.integer({ min: -10, max: -1 })),
  reason: text,
  audience: fc.constantFrom(...ALERT_AUDIENCES, "everyone"),
  priority: fc.constantFrom(...ALERT_PRIORITIES, "meh"),
  decision: text,
  rationale: text,
  // Issue 10: a source, a close result and note, the recommender's pick.
  source: fc.constantFrom(...INCIDENT_SOURCES, "twitter"),
  result: fc.constantFrom(...CLOSE_RESULTS, "sorted"),
  note: text,
  recommended: fc.option(fc.record({ unitId, etaSeconds: fc.option(fc.integer({ min: -5, max: 900 }), { nil: null }), reason: text }), {
    nil: null,
  }),
};

function fieldsOf(name: CommandName): string[] {
  const schema = CommandBodies[name] as unknown as { shape?: Record<string, unknown> };
  return Object.keys(schema.shape ?? {});
}

/** A body for `name`: its fields, each sometimes missing or replaced by anything. */
export function bodyFor(name: CommandName): fc.Arbitrary<unknown> {
  const entries = fieldsOf(name).map((field) => {
    const good = FIELDS[field] ?? fc.anything();
    const value = fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: fc.anything() });
    return [field, fc.option(value, { nil: undefined, freq: 30 })] as const;
  });
  const record = fc
    .record(Object.fromEntries(entries))
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  return fc.oneof({ weight: 20, arbitrary: record }, { weight: 1, arbitrary: fc.anything() });
}

/** One socket message: who sends it, which event, and the payload. */
export interface SocketCase {
  kind: "socket";
  role: FuzzRole;
  event: string;
  payload: unknown;
}

export function socketCase(opId: string): fc.Arbitrary<SocketCase> {
  const opIds = fc.oneof(
    { weight: 10, arbitrary: fc.constant(opId) },
    { weight: 1, arbitrary: fc.constantFrom("op-nope", "constructor", "", "__proto__") },
  );
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom("fuzz-key-0001", "fuzz-key-0002", "fuzz-key-0003") },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  );
  const command = fc.constantFrom(...COMMAND_NAMES).chain((name) =>
    fc.record({
      event: fc.constant<string>(name),
      payload: fc.oneof(
        { weight: 20, arbitrary: fc.record({ opId: opIds, key, body: bodyFor(name) }) },
        { weight: 1, arbitrary: fc.anything() },
      ),
    }),
  );
  const hello = fc.record({
    event: fc.constant("sync:hello"),
    payload: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.record({
          protocol: fc.constantFrom(1, 1, 1, 0, 99),
          opId: opIds,
          lastSeq: fc.option(fc.integer({ min: -1, max: 5_000 }), { nil: null }),
        }),
      },
      { weight: 1, arbitrary: fc.anything() },
    ),
  });
  const fix = fc.record({
    unitId,
    lat: fc.double({ min: -91, max: 91 }),
    lng: fc.double({ min: -181, max: 181 }),
    at: fc.integer({ min: -1, max: 2e12 }),
  });
  const positions = fc.record({
    event: fc.constant("position:report"),
    payload: fc.oneof(
      { weight: 10, arbitrary: fc.record({ opId: opIds, fixes: fc.array(fix, { maxLength: 4 }) }) },
      { weight: 1, arbitrary: fc.anything() },
    ),
  });
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      message: fc.oneof({ weight: 14, arbitrary: command }, { weight: 3, arbitrary: hello }, { weight: 3, arbitrary: positions }),
    })
    .map(({ role, message }) => ({ kind: "socket", role, ...message }));
}

/** One HTTP request: who, method, path (routes with their parameters filled in), and a body. */
export interface RestCase {
  kind: "rest";
  role: FuzzRole | "analyst" | null;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  path: string;
  body: string | null;
  sameOrigin: boolean;
}

const ROUTES = [
  "/api/session",
  "/api/operations",
  "/api/operations/:op/replay/state",
  "/api/operations/:op/replay/window",
  "/api/operations/:op/replay/meta",
  "/api/operations/:op/replay/open",
  "/api/operations/:op/replay/print",
  "/api/operations/:op/export/:kind",
  "/api/operations/:op/access-log",
  "/api/operations/:op/incidents/:inc/access",
  "/api/operations/:op/positions",
  "/api/access-log/search",
  "/api/access-log/export",
  "/api/admin/users",
  "/api/admin/operations",
  "/healthz",
  "/readyz",
  "/api/nothing-here",
];

export function restCase(opId: string): fc.Arbitrary<RestCase> {
  const segment = fc.oneof(fc.constant(opId), fc.constantFrom("op-nope", "constructor", "..", "%2e%2e", "__proto__"), fc.webSegment());
  const kind = fc.oneof(fc.constantFrom("events", "incidents", "report", "debrief", "csv", "constructor"), fc.webSegment());
  const query = fc.oneof(
    fc.constant(""),
    fc
      .record({ at: fc.oneof(fc.integer(), fc.string()), from: fc.integer(), to: fc.integer(), seq: fc.integer(), step: fc.integer() })
      .map((q) => `?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()}`),
    fc.webQueryParameters().map((q) => `?${q}`),
  );
  const path = fc
    .tuple(fc.constantFrom(...ROUTES), segment, kind, fc.constantFrom("inc-1", "inc-999", "constructor"), query)
    .map(
      ([route, op, k, inc, q]) =>
        route.replace(":op", encodeURIComponent(op)).replace(":kind", encodeURIComponent(k)).replace(":inc", inc) + q,
    );
  const body = fc.oneof(
    fc.constant(null),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({ reason: text, recipient: text, username: fc.string(), password: fc.string(), name: text, at: fc.integer() })
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
  );
  return fc.record({
    kind: fc.constant("rest" as const),
    role: fc.constantFrom<RestCase["role"]>(...ROLES, "analyst", null),
    method: fc.constantFrom<RestCase["method"]>("GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"),
    path,
    body,
    sameOrigin: fc.boolean(),
  });
}
