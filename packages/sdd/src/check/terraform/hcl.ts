import type { RunMemo } from '../types.js';

/**
 * `@cdktf/hcl2json` (HashiCorp's HCL parser compiled to WASM) behind a lazy
 * loader: importing it instantiates the WASM module (~0.2 s), so only runs
 * that read `.tf` files or need Terraform references pay for it, once.
 */
interface HclTools {
  /** One `.tf` file as Terraform JSON (blocks as arrays, expressions as `${…}` strings). */
  parse(file: string, text: string): Promise<Record<string, unknown>>;
  /** The Terraform references (`var.x`, `azurerm_key_vault.vault.name`) in one JSON-syntax template string. */
  references(template: string): Promise<string[]>;
}

interface Hcl2JsonModule {
  parse(file: string, text: string): Promise<Record<string, unknown>>;
  getExpressionAst(file: string, expression: string): Promise<unknown>;
}
interface ReferencesModule {
  findAllReferencesInAst(input: string, ast: unknown): { value: string }[];
}

export function loadHclTools(memo: RunMemo): Promise<HclTools> {
  return memo.once('terraform:hcl2json', async () => {
    const hcl = cjs<Hcl2JsonModule>(await import('@cdktf/hcl2json'));
    const refs = cjs<ReferencesModule>(await import('@cdktf/hcl2json/lib/references.js'));
    return {
      parse: (file, text) => hcl.parse(file, text),
      async references(template) {
        // A JSON string is a template. A heredoc keeps quotes, backslashes and
        // newlines literal, which hcl2json's own quote-wrapping does not.
        const wrapped = heredoc(template);
        const ast = await hcl.getExpressionAst('expression.tf', wrapped);
        return ast ? refs.findAllReferencesInAst(wrapped, ast).map((ref) => ref.value) : [];
      },
    };
  });
}

/** Strings worth parsing: only templates can hold references. */
export function isTemplate(value: string): boolean {
  return /(?<!\$)\$\{|(?<!%)%\{/.test(value);
}

function heredoc(template: string): string {
  let marker = 'SDD_EOT';
  while (template.split('\n').some((line) => line.trim() === marker)) marker += '_';
  return `<<${marker}\n${template}\n${marker}\n`;
}

/** hcl2json's errors read `parse config: [main.tf:2,6-3,1: Invalid expression; …]`. */
export function hclErrorPosition(message: string): { line: number; column: number } | null {
  const match = /:(\d+),(\d+)-/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

export function hclErrorText(message: string): string {
  return message.replace(/^parse config: \[/, '').replace(/\]$/, '').replace(/^[^:]+:\d+,\d+-\d+(,\d+)?: /, '');
}

function cjs<T>(module: unknown): T {
  const namespace = module as { default?: T } & T;
  return namespace.default ?? namespace;
}
