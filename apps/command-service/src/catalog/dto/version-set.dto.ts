import { IsDefined, IsInt, IsOptional, IsString } from 'class-validator';

/** POST /packages/{package}/versionsets: exactly `version_constraint` (plus an echoed `$schema`). */
export class CreateVersionSetDto {
  @IsOptional() @IsString() $schema?: string | null;
  @IsDefined() @IsString() version_constraint!: string;
}

/** PUT of a VersionSet: its GET body; `package`/`number` must match the path (domain), audit fields ignored. */
export class UpdateVersionSetDto extends CreateVersionSetDto {
  @IsOptional() @IsString() package?: string | null;
  @IsOptional() @IsInt() number?: number | null;
  @IsOptional() @IsString() created_by?: string | null;
  @IsOptional() @IsString() created_on?: string | null;
  @IsOptional() @IsString() last_modified_by?: string | null;
  @IsOptional() @IsString() last_modified_on?: string | null;
}
