/**
 * Connections the kernel queues until the server accepts them (Node's default is 511; Linux caps
 * it at net.core.somaxconn, 4,096 by default). 2,500 phones reconnecting at once at full time
 * overflowed 511 while the event loop was busy, and each connection the kernel dropped was reset
 * and tried again 1–5 s later (issue 14). The entry file (server/main.ts) and the benches listen
 * with it.
 */
export const LISTEN_BACKLOG = 4096;
