import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { Allow, IsArray, IsDefined, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

// Nested parts of an account package body: types, required and unknown members only. Lengths,
// formats, versions and unique items are value rules of the domain (problem 9, not problem 8).

type Dto = new () => object;

const required = () => applyDecorators(IsDefined(), IsString());
const optional = () => applyDecorators(IsOptional(), IsString());
/** An optional array of `item` objects. */
export const list = (item: () => Dto) => applyDecorators(IsOptional(), IsArray(), ValidateNested({ each: true }), Type(item));
/** An optional `type` object. */
export const nestedObject = (type: () => Dto) => applyDecorators(IsOptional(), IsObject(), ValidateNested(), Type(type));

export class ImageRefDto {
  @required() imagePath!: string;
  @required() imageName!: string;
  @required() imageTag!: string;
}

export class ImageDto extends ImageRefDto {
  @required() imageDigest!: string;
  @list(() => ImageRefDto) dependsOnImages?: ImageRefDto[] | null;
}

export class ComponentDto {
  @required() componentName!: string;
  @IsDefined() @IsArray() @IsString({ each: true }) versions!: string[];
}

export class ArtifactDto {
  @required() artifactName!: string;
  @required() artifactIdentifier!: string;
  @required() artifactPath!: string;
  @optional() artifactVersion?: string | null;
  @list(() => ComponentDto) dependsOnComponents?: ComponentDto[] | null;
}

export class FileDto {
  @required() fileName!: string;
  @required() fileIdentifier!: string;
  @required() fileMediaType!: string;
  @required() fileContents!: string;
}

export class UpgradableVersionsDto {
  @optional() minVersion?: string | null;
  @optional() maxVersion?: string | null;
}

export class DependencyDto {
  @required() componentName!: string;
  @optional() componentMinVersion?: string | null;
  @optional() componentMaxVersion?: string | null;
}

export class LabelDto {
  @required() name!: string;
  @required() value!: string;
}

export class StateDetailDto {
  @required() type!: string;
  @required() title!: string;
  @required() detail!: string;
}

/**
 * `metadata`: only `labels` is taken. The server-owned members a GET returns are accepted with any
 * value and ignored, so a GET body can be sent back; any other member is unknown and rejected.
 */
export class MetadataDto {
  @list(() => LabelDto) labels?: LabelDto[] | null;
  @Allow() creationTimestamp?: unknown;
  @Allow() modificationTimestamp?: unknown;
  @Allow() createdBy?: unknown;
  @Allow() modifiedBy?: unknown;
}
