// Test helpers: which addresses reach a listener.
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/** True when a TCP connection to host:port is accepted. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * An address of this machine that is not 127.0.0.1: its first non-internal IPv4 address (what
 * another machine on the network would connect to), else 127.0.0.2, which on Linux is this
 * machine too but reaches only listeners on every interface, not those on 127.0.0.1.
 */
export function otherLocalAddress(): string {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return external?.address ?? '127.0.0.2';
}

export const portOf = (url: string) => Number(new URL(url).port);
