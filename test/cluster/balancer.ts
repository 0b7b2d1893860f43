import net from "node:net";

/**
 * A TCP round-robin balancer in front of the cluster's processes, as a proxy would be in a
 * deployment: each new connection goes to the next backend that is up. WebSocket-only clients
 * need no sticky sessions, so a client whose process died reconnects through it to another.
 */
export class Balancer {
  private readonly server: net.Server;
  private next = 0;
  private readonly down = new Set<number>();
  private readonly open = new Set<net.Socket>();
  /** How many connections each backend was given. */
  readonly given: number[];

  constructor(
    private readonly ports: number[],
    private readonly host = "127.0.0.1",
  ) {
    this.given = ports.map(() => 0);
    this.server = net.createServer((socket) => this.route(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops sending new connections to a backend (the proxy's health check saw it die). */
  markDown(index: number): void {
    this.down.add(index);
  }

  /**
   * The network to every backend fails: open connections are cut and new ones refused, until
   * `restore` (an outage of the service behind, as its clients see it).
   */
  cut(): void {
    for (let i = 0; i < this.ports.length; i++) this.down.add(i);
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  restore(): void {
    this.down.clear();
  }

  private route(client: net.Socket): void {
    const up = this.ports.map((_, i) => i).filter((i) => !this.down.has(i));
    const i = up.length > 0 ? up[this.next++ % up.length] : undefined;
    if (i === undefined) return void client.destroy();
    this.given[i] = (this.given[i] ?? 0) + 1;
    const backend = net.connect(this.ports[i]!, this.host);
    this.open.add(client).add(backend);
    client.pipe(backend).pipe(client);
    const end = () => {
      client.destroy();
      backend.destroy();
      this.open.delete(client);
      this.open.delete(backend);
    };
    client.on("error", end).on("close", end);
    backend.on("error", end).on("close", end);
  }

  close(): Promise<void> {
    for (const s of this.open) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
