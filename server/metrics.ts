import client from "prom-client";

/** Prometheus metrics at /metrics (DESIGN §9). One registry per app, so tests can run several. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    connected: new client.Gauge({
      name: "cordon_clients_connected",
      help: "Sockets connected, by role",
      labelNames: ["role"],
      registers: [registry],
    }),
    events: new client.Counter({
      name: "cordon_events_appended_total",
      help: "Events appended to the log",
      labelNames: ["type"],
      registers: [registry],
    }),
    rejected: new client.Counter({
      name: "cordon_messages_rejected_total",
      help: "Inbound messages refused, by error code",
      labelNames: ["code"],
      registers: [registry],
    }),
    commandSeconds: new client.Histogram({
      name: "cordon_command_seconds",
      help: "Time from a command's arrival to its ack (includes the durable commit)",
      labelNames: ["command", "ok"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    broadcastSeconds: new client.Histogram({
      name: "cordon_broadcast_lag_seconds",
      help: "Time from an event's record time to its broadcast",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
