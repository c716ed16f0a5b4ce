import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import {
  PACKAGE_SYSTEMS,
  RELEASE_CYCLES,
  SUPPORT_MODELS,
  VERSIONING_SCHEMES,
} from '../../../../../libs/domain/src/catalog/catalog-package.rules.js';
import type {
  PackageSystem,
  ReleaseCycle,
  SupportModel,
  VersioningScheme,
} from '../../../../../libs/domain/src/catalog/catalog-package.events.js';
import { oneOf } from '../../validation/body-shape.js';

/** Members a client may echo from a GET body but never set: the server owns them. */
export const SERVER_OWNED = ['id', 'created_by', 'created_on', 'last_modified_by', 'last_modified_on'] as const;

export class VersioningDto {
  @IsOptional() @oneOf(VERSIONING_SCHEMES) scheme?: VersioningScheme | null;
  @IsOptional() @oneOf(RELEASE_CYCLES) release_cycle?: ReleaseCycle | null;
  @IsOptional() @oneOf(SUPPORT_MODELS) support_model?: SupportModel | null;
  @IsOptional() @IsInt() release_interval_days?: number | null;
}

/** POST /packages: the mutable fields only (plus an echoed `$schema`). */
export class CreatePackageDto {
  @IsOptional() @IsString() $schema?: string | null;
  @IsDefined() @IsString() title!: string;
  @IsDefined() @oneOf(PACKAGE_SYSTEMS) system!: PackageSystem;
  @IsOptional() @IsArray() @IsString({ each: true }) aliases?: string[] | null;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => VersioningDto) versioning?: VersioningDto | null;
}

/** PUT /packages/{package}/: the GET body; `id` is checked by the domain, audit fields are ignored. */
export class UpdatePackageDto extends CreatePackageDto {
  @IsOptional() @IsString() id?: string | null;
  @IsOptional() @IsString() created_by?: string | null;
  @IsOptional() @IsString() created_on?: string | null;
  @IsOptional() @IsString() last_modified_by?: string | null;
  @IsOptional() @IsString() last_modified_on?: string | null;
}
