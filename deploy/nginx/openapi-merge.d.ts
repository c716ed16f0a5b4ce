// Types for test/deploy, which compares this merge with the Node gateway's.
type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string }[];
};
declare const handlers: {
  merge(command: OpenApiDocument, query: OpenApiDocument): OpenApiDocument;
  openapi(r: unknown): Promise<void>;
  ready(r: unknown): Promise<void>;
};
export default handlers;
