import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { ChangeKind } from '../../../../../libs/domain/src/catalog/catalog-package.events.js';
import { CHANGE_KINDS } from '../../../../../libs/domain/src/catalog/catalog-release.rules.js';
import { oneOf } from '../../validation/body-shape.js';

/** Members of a release's GET body a create may not set: the server owns them. */
export const RELEASE_SERVER_OWNED = ['id', 'package', 'versionset_number', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'] as const;

export class ReleaseChangeDto {
  @IsDefined() @oneOf(CHANGE_KINDS) kind!: ChangeKind;
  @IsDefined() @IsString() description!: string;
}

/** POST /packages/{package}/releases: `version`, `released_on`, `changes` (plus an echoed `$schema`). */
export class CreateReleaseDto {
  @IsOptional() @IsString() $schema?: string | null;
  @IsDefined() @IsString() version!: string;
  @IsOptional() @IsString() released_on?: string | null;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ReleaseChangeDto) changes?: ReleaseChangeDto[] | null;
}

/**
 * PUT of a release: its GET body. `version` and `package` are immutable and `id` must name the
 * release (domain); `versionset_number` is read-only and, like the audit fields, ignored.
 */
export class UpdateReleaseDto extends CreateReleaseDto {
  @IsOptional() @IsString() id?: string | null;
  @IsOptional() @IsString() package?: string | null;
  @IsOptional() @IsInt() versionset_number?: number | null;
  @IsOptional() @IsString() created_by?: string | null;
  @IsOptional() @IsString() created_on?: string | null;
  @IsOptional() @IsString() last_modified_by?: string | null;
  @IsOptional() @IsString() last_modified_on?: string | null;
}
