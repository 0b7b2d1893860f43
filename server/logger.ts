import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs (DESIGN §9). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "cordon" } });
}
