import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter replaces an unknown error by "Internal server error". Registered with
 * `app.useGlobalFilters(new JetStreamErrorFilter())`, the handler's own error reaches the transport,
 * which logs it and stores its message in the dead letter.
 */
@Catch()
export class JetStreamErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
