import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What Node's HTTP parser refuses before any route runs (headers too large, a malformed request
 * line, a client timeout) answers with the same GraphQL-shaped body and code as the other HTTP
 * refusals, instead of Fastify's own shape.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message =
    status === 408
      ? 'the request took too long to arrive'
      : status === 431
        ? 'the request headers (or the GET query string) are too large'
        : 'the request is not valid HTTP';
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
