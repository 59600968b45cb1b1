import net from 'node:net';

/** A TCP round-robin balancer on 127.0.0.1 in front of a subgraph's replicas, as a Service would be. */
export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** Each new connection goes to the next replica that accepts it; a replica that refuses is skipped. */
export async function startBalancer(backends: Array<{ host: string; port: number }>, path = '/graphql'): Promise<Balancer> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const tryBackend = (left: number) => {
      const backend = backends[next++ % backends.length];
      const upstream = net.connect(backend.port, backend.host);
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      upstream.once('error', () => {
        if (upstream.connecting || !sockets.has(upstream)) {
          if (left > 1) tryBackend(left - 1);
          else client.destroy();
        }
      });
    };
    tryBackend(backends.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
