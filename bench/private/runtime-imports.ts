import { isBuiltin } from 'node:module';
import { build } from 'esbuild';

/**
 * The packages a bundle still imports when it loads, which the Lambda runtime must provide:
 * its static `import` statements that are not Node built-ins (for Braid, the AWS SDK v3
 * packages CDK leaves external). Dynamic imports are left out: they do not run at init.
 */
export async function runtimeImports(file: string): Promise<string[]> {
  // esbuild reads the bundle back and lists its imports; everything stays external.
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    external: ['*'],
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
  return [...new Set(imports.filter((imported) => imported.kind === 'import-statement' && !isBuiltin(imported.path)).map((imported) => imported.path))].sort();
}
