import { Catch, type ExceptionFilter } from '@nestjs/common';

/**
 * Hands every error thrown in a resolver to Apollo as is: formatError gives it its contract code
 * and logs only the unexpected ones. Without this, Nest logs each refused command with a stack.
 */
@Catch()
export class GraphQLPassThroughFilter implements ExceptionFilter {
  catch(exception: unknown) {
    return exception;
  }
}
