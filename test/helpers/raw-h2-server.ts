/**
 * A loopback HTTP/2 server scripted frame by frame, for the client framing tests: it checks the
 * client preface, sends its own SETTINGS, acknowledges the client's, records every frame it
 * receives, and hands each one to the test's script, which answers with whatever frames it wants
 * (padding, CONTINUATION, GOAWAY, RST_STREAM, small windows, pushes).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { CLIENT_PREFACE, Flag, FrameReader, FrameType, frame, settingsFrame } from '../../src/load/h2-frames.ts';

export interface ReceivedFrame {
  connection: number;
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

export interface RawH2Peer {
  /** Which connection (0, 1, …, in accept order). */
  readonly connection: number;
  send(...frames: Buffer[]): void;
  destroy(): void;
}

export interface RawH2Script {
  /** The server's SETTINGS (identifier, value), sent after the preface. */
  settings?: readonly (readonly [number, number])[];
  /** Called once the server's SETTINGS are sent. */
  onConnect?(peer: RawH2Peer): void;
  /** Every frame from the client except its SETTINGS (acknowledged here) and their ACKs. */
  onFrame(peer: RawH2Peer, received: ReceivedFrame): void;
}

export interface RawH2Server {
  port: number;
  readonly frames: ReceivedFrame[];
  readonly connections: number;
  close(): Promise<void>;
}

export async function startRawH2Server(script: RawH2Script): Promise<RawH2Server> {
  const frames: ReceivedFrame[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const connection = connections++;
    const peer: RawH2Peer = {
      connection,
      send: (...out) => {
        if (!socket.destroyed) socket.write(Buffer.concat(out));
      },
      destroy: () => socket.destroy(),
    };
    let preface = Buffer.alloc(0);
    const reader = new FrameReader(1 << 24);
    const sink = {
      onFrame: (type: number, flags: number, streamId: number, data: Buffer, start: number, end: number) => {
        const received = { connection, type, flags, streamId, payload: Buffer.from(data.subarray(start, end)) };
        frames.push(received);
        if (type === FrameType.SETTINGS) {
          if ((flags & Flag.ACK) === 0) peer.send(frame(FrameType.SETTINGS, Flag.ACK, 0));
          return true;
        }
        script.onFrame(peer, received);
        return true;
      },
    };
    socket.on('data', (chunk: Buffer) => {
      if (preface.length < CLIENT_PREFACE.length) {
        preface = Buffer.concat([preface, chunk]);
        if (preface.length < CLIENT_PREFACE.length) return;
        if (!preface.subarray(0, CLIENT_PREFACE.length).equals(CLIENT_PREFACE)) {
          socket.destroy();
          return;
        }
        peer.send(settingsFrame(script.settings ?? []));
        script.onConnect?.(peer);
        chunk = preface.subarray(CLIENT_PREFACE.length);
      }
      reader.feed(chunk, sink);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    frames,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
