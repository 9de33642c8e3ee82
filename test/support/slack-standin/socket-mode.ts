// A minimal Socket Mode endpoint: the WebSocket Slack hands out from
// apps.connections.open. It greets with `hello`, delivers envelopes
// (slash_commands, interactive, events_api) and resolves with the app's ack.
// Hand-written RFC 6455 (text, ping/pong, close), enough for @slack/socket-mode.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface SocketModeServer {
  /** The wss-style URL to return from apps.connections.open. */
  url: string;
  /** Resolves when an app connected and got `hello`. */
  connected(): Promise<void>;
  /** Sends an envelope; resolves with the app's ack. */
  deliver(type: 'slash_commands' | 'interactive' | 'events_api', payload: object, extra?: Record<string, unknown>): Promise<SocketAck>;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startSocketModeServer(): Promise<SocketModeServer> {
  let socket: Duplex | undefined;
  let onConnect: (() => void)[] = [];
  const pending = new Map<string, (ack: SocketAck) => void>();
  const server: Server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, sock: Duplex) => {
    const key = req.headers['sec-websocket-key'];
    const accept = createHash('sha1').update(`${String(key)}${GUID}`).digest('base64');
    sock.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket = sock;
    let buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x9) sock.write(encodeFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) sock.end(encodeFrame(0x8, Buffer.alloc(0)));
        else if (frame.opcode === 0x1) {
          const ack = JSON.parse(frame.payload.toString('utf8')) as SocketAck;
          pending.get(ack.envelope_id)?.(ack);
          pending.delete(ack.envelope_id);
        }
      }
    });
    sock.on('error', () => undefined);
    sock.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FRONTLINE' }, debug_info: { host: 'standin' } }))));
    for (const wake of onConnect) wake();
    onConnect = [];
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/link`,
    connected: () => (socket ? Promise.resolve() : new Promise<void>((done) => onConnect.push(done))),
    deliver(type, payload, extra = {}) {
      if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
      const envelope_id = randomUUID();
      const result = new Promise<SocketAck>((done) => pending.set(envelope_id, done));
      socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...extra }))));
      return result;
    },
    close: () =>
      new Promise<void>((done) => {
        socket?.destroy();
        server.close(() => done());
      }),
  };
}

function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** One client frame (clients always mask), or undefined until it is complete. Fragmented frames are not needed here. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return undefined;
  const mask = masked ? buf.subarray(offset, offset + 4) : undefined;
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, length: offset + maskLen + len };
}
