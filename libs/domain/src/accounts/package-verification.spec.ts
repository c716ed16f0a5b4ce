import { verifyPackage, fileFormat, MAX_VERIFICATION_DETAILS, STATE_DETAIL_TYPES } from './package-verification.js';
import { base64, file, image, spec } from './account-package.test-factories.js';

const dependsOn = (imageName: string, imageTag = '1.0') => ({ imagePath: '/globalcicd/acc', imageName, imageTag });

describe('verifyPackage', () => {
  test('the seed bundle (base64 text = a valid YAML scalar) is available', () => {
    expect(verifyPackage(spec())).toEqual({ to: 'available', packageStateDetails: [] });
  });

  test('a multi-document YAML file is available', () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n';
    expect(verifyPackage(spec({ files: [file({ fileContents: base64(yaml) })] })).to).toBe('available');
  });

  test('valid JSON with a +json media type, and files of other types, are available', () => {
    const files = [
      file({ fileMediaType: 'application/vnd.example+json', fileContents: base64('{"a": [1, 2]}') }),
      file({ fileName: 'blob.tgz', fileMediaType: 'application/gzip', fileContents: base64('{{{ not parsed') }),
    ];
    expect(verifyPackage(spec({ files })).to).toBe('available');
  });

  test('broken YAML is corrupt, the detail naming the file and the reason', () => {
    const result = verifyPackage(spec({ files: [file({ fileName: 'bad.yaml', fileContents: base64('a: [1\n') })] }));
    expect(result.to).toBe('corrupt');
    expect(result.packageStateDetails).toEqual([
      { type: STATE_DETAIL_TYPES.corrupt, title: 'File does not parse', detail: expect.stringMatching(/^files\[0\] bad\.yaml .*YAML/) },
    ]);
  });

  test('a broken second YAML document is corrupt', () => {
    const result = verifyPackage(spec({ files: [file({ fileContents: base64('a: 1\n---\nb: [1\n') })] }));
    expect(result.packageStateDetails[0]?.detail).toContain('document 2');
  });

  test('broken JSON is corrupt', () => {
    const result = verifyPackage(spec({ files: [file({ fileName: 'x.json', fileMediaType: 'application/json; charset=utf-8', fileContents: base64('{"a":') })] }));
    expect(result).toEqual({ to: 'corrupt', packageStateDetails: [expect.objectContaining({ detail: expect.stringContaining('x.json') })] });
  });

  test('YAML bytes that are not UTF-8 are corrupt', () => {
    const result = verifyPackage(spec({ files: [file({ fileContents: Buffer.from([0xff, 0xfe, 0x41]).toString('base64') })] }));
    expect(result.to).toBe('corrupt');
  });

  test('a dependsOnImages entry the package does not contain is incomplete', () => {
    const images = [image({ dependsOnImages: [dependsOn('credentials', '1.3.45'), dependsOn('missing')] }), image({ imageName: 'credentials', imageTag: '1.3.45' })];
    expect(verifyPackage(spec({ images }))).toEqual({
      to: 'incomplete',
      packageStateDetails: [
        {
          type: STATE_DETAIL_TYPES.incomplete,
          title: 'Dependent image missing',
          detail: 'images[0] /globalcicd/acc/storage-provider:1.3.116 depends on /globalcicd/acc/missing:1.0, which the package does not contain',
        },
      ],
    });
  });

  test('an image with the same name but another tag does not satisfy a dependency', () => {
    const images = [image({ dependsOnImages: [dependsOn('credentials', '9.9.9')] }), image({ imageName: 'credentials', imageTag: '1.3.45' })];
    expect(verifyPackage(spec({ images })).to).toBe('incomplete');
  });

  test('corrupt wins over incomplete, and both problems are listed, corrupt first', () => {
    const result = verifyPackage(spec({
      images: [image({ dependsOnImages: [dependsOn('missing')] })],
      files: [file({ fileContents: base64('{') })],
    }));
    expect(result.to).toBe('corrupt');
    expect(result.packageStateDetails.map((d) => d.type)).toEqual([STATE_DETAIL_TYPES.corrupt, STATE_DETAIL_TYPES.incomplete]);
  });

  test('details respect the title and detail limits and are capped in number', () => {
    const files = Array.from({ length: 30 }, (_, i) => file({ fileName: `f${i}-${'n'.repeat(50)}`, fileContents: base64(`k: [${'x'.repeat(600)}`) }));
    const { packageStateDetails } = verifyPackage(spec({ files }));
    expect(packageStateDetails).toHaveLength(MAX_VERIFICATION_DETAILS);
    expect(packageStateDetails.at(-1)?.detail).toBe('11 more problems are not listed');
    for (const d of packageStateDetails) {
      expect(d.title.length).toBeLessThanOrEqual(40);
      expect([...d.detail].length).toBeLessThanOrEqual(511);
    }
  });
});

describe('fileFormat', () => {
  test.each([
    ['application/x-yaml', 'yaml'], ['application/yaml', 'yaml'], ['text/yaml', 'yaml'], ['text/x-yaml', 'yaml'],
    ['application/vnd.k8s+yaml', 'yaml'], ['Application/YAML; charset=utf-8', 'yaml'],
    ['application/json', 'json'], ['application/problem+json', 'json'],
    ['text/plain', 'other'], ['application/octet-stream', 'other'],
  ])('%s is %s', (mediaType, format) => {
    expect(fileFormat(mediaType)).toBe(format);
  });
});
