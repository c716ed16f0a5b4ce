import 'reflect-metadata';
import { Allow, IsArray, IsDefined, IsOptional, IsString } from 'class-validator';
import type { PackageState, PackageType, SeverityLevel } from '../../../../../libs/domain/src/accounts/account-package.events.js';
import { PACKAGE_TYPES, SEVERITY_LEVELS } from '../../../../../libs/domain/src/accounts/account-package.rules.js';
import { PACKAGE_STATES } from '../../../../../libs/domain/src/accounts/account-package.transitions.js';
import { oneOf } from '../../validation/body-shape.js';
import {
  ArtifactDto,
  DependencyDto,
  FileDto,
  ImageDto,
  list,
  MetadataDto,
  nestedObject,
  StateDetailDto,
  UpgradableVersionsDto,
} from './account-package-parts.dto.js';

/** Top-level members a create body may not carry: the server sets them (answered apart from unknown ones). */
export const SERVER_OWNED = ['id', 'packageState', 'packageStateDetails', 'packageStateTransitions'] as const;

/** POST: the client-supplied fields of the resource and `metadata.labels`. */
export class CreateAccountPackageDto {
  @IsDefined() @oneOf(['application/astra-package']) type!: 'application/astra-package';
  @IsDefined() @oneOf(['1.0']) version!: '1.0';
  @IsDefined() @IsString() packageName!: string;
  @IsDefined() @IsString() packageVersion!: string;
  @IsDefined() @oneOf(PACKAGE_TYPES) packageType!: PackageType;
  @IsDefined() @oneOf(SEVERITY_LEVELS) severityLevel!: SeverityLevel;
  @IsOptional() @IsArray() @IsString({ each: true }) bundleName?: string[] | null;
  @list(() => ImageDto) images?: ImageDto[] | null;
  @list(() => ArtifactDto) artifacts?: ArtifactDto[] | null;
  @list(() => FileDto) files?: FileDto[] | null;
  @nestedObject(() => UpgradableVersionsDto) upgradableVersions?: UpgradableVersionsDto | null;
  @list(() => DependencyDto) dependencies?: DependencyDto[] | null;
  @nestedObject(() => MetadataDto) metadata?: MetadataDto | null;
}

/** PUT: the resource as a GET returned it. `packageStateTransitions` is accepted and ignored (a fixed table). */
export class UpdateAccountPackageDto extends CreateAccountPackageDto {
  @IsOptional() @IsString() id?: string | null;
  @IsDefined() @oneOf(PACKAGE_STATES) packageState!: PackageState;
  @list(() => StateDetailDto) packageStateDetails?: StateDetailDto[] | null;
  @Allow() packageStateTransitions?: unknown;
}
