import { IsArray, IsBoolean, IsDefined, IsOptional, IsString } from 'class-validator';

/** Members the server owns: refused in a create, ignored in a PUT (the GET body round trip). */
export const SERVER_OWNED = ['id', 'secret', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on', 'metadata', 'previous_secret_valid_until', 'previousSecretValidUntil'] as const;

/** POST of a webhook (both families: the members are single words, so one shape serves both). */
export class CreateWebhookDto {
  @IsDefined() @IsString() url!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) types?: string[] | null;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsBoolean() active?: boolean | null;
}

/** PUT: the GET body; `id` must be the path's webhook, audit members are ignored. */
export class UpdateWebhookDto extends CreateWebhookDto {
  @IsOptional() @IsString() id?: string | null;
  @IsOptional() @IsString() created_by?: string | null;
  @IsOptional() @IsString() created_on?: string | null;
  @IsOptional() @IsString() last_modified_by?: string | null;
  @IsOptional() @IsString() last_modified_on?: string | null;
  @IsOptional() previous_secret_valid_until?: string | null;
  @IsOptional() previousSecretValidUntil?: string | null;
  @IsOptional() metadata?: unknown;
}

/** POST …/replay: `from` is a stream position or an RFC 3339 time. */
export class ReplayWebhookDto {
  @IsDefined() from!: number | string;
}
