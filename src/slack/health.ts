// GET /healthz in HTTP mode: 200 while the app takes events, 503 once it is
// shutting down, so a load balancer stops sending before the port closes.
import type { ServerResponse } from 'node:http';

export interface Health {
  mode: 'http' | 'socket';
  accepting: boolean;
  inFlight: number;
  failedAfterAck: number;
}

export const HEALTH_PATH = '/healthz';

export function healthRoute(status: () => Health) {
  return {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      const health = status();
      res.writeHead(health.accepting ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok: health.accepting, ...health }));
    },
  };
}
