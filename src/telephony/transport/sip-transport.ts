/**
 * SIP over UDP and TCP on one host:port (RFC 3261 §18): datagrams and stream-framed messages in, bytes out. The
 * transport knows nothing of SIP beyond framing; it hands whole messages up with the peer they came from, and sends
 * replies back the way the request came (the same TCP connection while it is open).
 *
 * @example
 * const transport = await createSipTransport({ host: '127.0.0.1', port: 5060, createFramer });
 * transport.onMessage((bytes, peer) => transport.send(reply(bytes), peer));
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Peer {
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
}

/** Splits a TCP byte stream into whole SIP messages (by Content-Length); see `createStreamFramer` in sip/. */
export interface StreamFramer {
  /** Adds bytes; returns the messages now complete, or an error after which the connection must be closed. */
  push(chunk: Buffer): { readonly messages: Buffer[]; readonly error: { readonly reason: string } | null };
}

export interface SipTransportOptions {
  host: string;
  port: number;
  createFramer: () => StreamFramer;
  /** Largest datagram accepted; larger ones are dropped (RFC 3261 requires 65,535 at most over UDP). */
  maxDatagramBytes?: number;
  /** TCP connections idle this long are closed. */
  idleTimeoutMs?: number;
  /** Most TCP connections at once, so a scanner cannot exhaust sockets. */
  maxConnections?: number;
}

export type MessageHandler = (bytes: Buffer, peer: Peer) => void;

export interface SipTransport {
  onMessage(handler: MessageHandler): void;
  send(bytes: Buffer, peer: Peer): void;
  /** Where it actually listens (port 0 binds an ephemeral port). */
  readonly local: { host: string; port: number };
  close(): Promise<void>;
}

export async function createSipTransport(options: SipTransportOptions): Promise<SipTransport> {
  const maxDatagram = options.maxDatagramBytes ?? 65_535;
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const maxConnections = options.maxConnections ?? 1024;
  let handler: MessageHandler = () => undefined;
  const connections = new Map<string, Socket>();
  const key = (address: string, port: number) => `${address}|${port}`;

  const udp: UdpSocket = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
  udp.on('message', (bytes, info) => {
    if (bytes.length === 0 || bytes.length > maxDatagram) return;
    // Keep-alive CRLFs (RFC 5626) carry no message.
    if (bytes.length <= 4 && bytes.every((b) => b === 13 || b === 10)) return;
    handler(bytes, { transport: 'udp', address: info.address, port: info.port });
  });
  // A send to a vanished peer surfaces here; it must never take the service down.
  udp.on('error', () => undefined);

  const tcp: Server = createServer((socket) => {
    if (connections.size >= maxConnections) {
      socket.destroy();
      return;
    }
    adopt(socket);
  });
  tcp.on('error', () => undefined);

  function adopt(socket: Socket, known?: Peer): void {
    const peer: Peer = known ?? {
      transport: 'tcp',
      address: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      port: socket.remotePort ?? 0,
    };
    const id = key(peer.address, peer.port);
    connections.set(id, socket);
    const framer = options.createFramer();
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      const framed = framer.push(chunk);
      if (framed.error) {
        socket.destroy();
        return;
      }
      for (const message of framed.messages) handler(message, peer);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (connections.get(id) === socket) connections.delete(id);
    });
  }

  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(options.port, options.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  // Bursts of calls must queue in the kernel rather than be dropped while the event loop is busy (capped by rmem_max).
  try {
    udp.setRecvBufferSize(4 * 1024 * 1024);
    udp.setSendBufferSize(4 * 1024 * 1024);
  } catch {
    // Some systems refuse larger buffers; the default still works.
  }
  const udpPort = udp.address().port;
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(udpPort, options.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });

  return {
    local: { host: options.host, port: udpPort },
    onMessage(next) {
      handler = next;
    },
    send(bytes, peer) {
      if (peer.transport === 'udp') {
        udp.send(bytes, peer.port, peer.address);
        return;
      }
      const open = connections.get(key(peer.address, peer.port));
      if (open && !open.destroyed) {
        open.write(bytes);
        return;
      }
      // No connection from that peer: open one (RFC 3261 §18.2.2 for responses, §18.1.1 for requests).
      const socket = connect({ host: peer.address, port: peer.port });
      adopt(socket, peer);
      socket.write(bytes);
    },
    async close() {
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
