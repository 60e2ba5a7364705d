import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Hands every error thrown in a resolver to Apollo as is: formatError gives it its contract code
 * and logs only the unexpected ones. Without this, Nest logs each refused command with a stack.
 * What the HTTP layer refuses on /graphql before Apollo sees it (malformed JSON, 413, 415)
 * answers with a GraphQL-shaped body and Apollo's BAD_REQUEST code.
 */
@Catch()
export class GraphQLPassThroughFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string }>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (!request?.url?.startsWith('/graphql') || status >= 500) return super.catch(exception, host);
    const message = exception instanceof HttpException ? exception.message : 'Bad request';
    const reply = http.getResponse<{
      status(code: number): { header(k: string, v: string): { send(body: string): void } };
    }>();
    reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
  }
}
