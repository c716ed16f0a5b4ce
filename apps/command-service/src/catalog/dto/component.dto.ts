import { IsBoolean, IsDefined, IsInt, IsOptional, IsString } from 'class-validator';

/** Members of a component's GET body a create may not set: the path and the server own them. */
export const COMPONENT_SERVER_OWNED = ['package', 'versionset_number', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'] as const;

/** POST …/versionsets/{number}/components: `name`, `title`, `primary`, `description` (plus an echoed `$schema`). */
export class CreateComponentDto {
  @IsOptional() @IsString() $schema?: string | null;
  @IsDefined() @IsString() name!: string;
  @IsDefined() @IsString() title!: string;
  @IsDefined() @IsBoolean() primary!: boolean;
  @IsOptional() @IsString() description?: string | null;
}

/** PUT of a component: its GET body; `name`, `package`, `versionset_number` must match the path (domain), audit fields ignored. */
export class UpdateComponentDto extends CreateComponentDto {
  @IsOptional() @IsString() package?: string | null;
  @IsOptional() @IsInt() versionset_number?: number | null;
  @IsOptional() @IsString() created_by?: string | null;
  @IsOptional() @IsString() created_on?: string | null;
  @IsOptional() @IsString() last_modified_by?: string | null;
  @IsOptional() @IsString() last_modified_on?: string | null;
}
