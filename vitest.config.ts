import { defineConfig } from "vitest/config";

/** The fast, pure unit and spec tests: no servers, sockets, SQLite files or browsers. */
const PURE = ["test/unit/**/*.test.ts", "test/spec/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores: the browser tests and the servers they start need room.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "pure",
          include: PURE,
          // One worker process runs many of these files in turn instead of a new process (and a
          // new load of every module) per file: that start was most of their time. They hold no
          // state outside the objects each test builds; fake timers are put back after each test.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "servers",
          include: ["test/**/*.test.ts"],
          exclude: PURE,
        },
      },
    ],
  },
});
