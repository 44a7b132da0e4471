import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ForwardTarget {
  host: string;
  port: number;
}

/**
 * A plain TCP proxy, so local runs can hand services a fixed bootstrap address (e.g. 127.0.0.1:9092)
 * in front of the mock cluster's random ports. Kafka clients only bootstrap through it: the
 * metadata they receive points them straight at the brokers' real ports.
 */
export class TcpForwarder {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly port: number,
  ) {}

  /** `listenPort` 0 picks a free port; rejects (e.g. EADDRINUSE) when the port cannot be bound. */
  static async start(listenPort: number, target: ForwardTarget, listenHost = '127.0.0.1'): Promise<TcpForwarder> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => forward(client, target, sockets));
    server.listen(listenPort, listenHost);
    await once(server, 'listening');
    return new TcpForwarder(server, sockets, (server.address() as AddressInfo).port);
  }

  /** Idempotent. Destroys open connections too, since server.close() alone would wait for them. */
  async close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    if (!this.server.listening) return;
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

function forward(client: Socket, target: ForwardTarget, sockets: Set<Socket>): void {
  const upstream = createConnection(target.port, target.host);
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    // Resets are routine here (a broker set down, a client killed); 'close' follows and ends the pair.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      sockets.delete(socket);
      client.destroy();
      upstream.destroy();
    });
  }
  client.pipe(upstream).pipe(client);
}
