import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { OPENAPI_DOCUMENT, OpenApiController } from './openapi.controller.js';
import type { OpenApiDocument } from './openapi.types.js';

/** Serves a service's document at `/openapi.json` and Swagger UI at `/docs`; each service passes its own. */
@Module({})
export class OpenApiModule {
  static forRoot(document: () => OpenApiDocument): DynamicModule {
    return {
      module: OpenApiModule,
      controllers: [OpenApiController],
      providers: [{ provide: OPENAPI_DOCUMENT, useFactory: document }],
    };
  }
}

/** `appModule` plus the document's routes: what a service's main.ts hands to `createHttpApp`. */
export function withOpenApi(appModule: Type | DynamicModule, document: () => OpenApiDocument): DynamicModule {
  @Module({})
  class WithOpenApiModule {}
  return { module: WithOpenApiModule, imports: [appModule, OpenApiModule.forRoot(document)] };
}
